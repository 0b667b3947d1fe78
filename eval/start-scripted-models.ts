import { startLlmSimulator } from '../test/sim/llm/llm-simulator.js';
import type { EvalTask } from './eval-task.js';
import { planPlayer, SCRIPTED_MODELS, type ScriptedMode } from './plan-player.js';
import type { SuiteModel } from './run-suite.js';
import { startEvalServer } from './start-eval-server.js';

/** The scripted models on one LLM simulator and one eval server; close both when done. */
export interface ScriptedModels {
  readonly models: SuiteModel[];
  close(): Promise<void>;
}

/**
 * Starts the LLM simulator playing the tasks' plans (see {@link planPlayer}) and one server whose only provider
 * is that simulator, and names a suite model for each mode asked: `sim:oracle-plan`, `sim:wrong-plan`, `sim:echo`.
 * @param tasks - the tasks whose plans are played
 * @param modes - which scripted models to measure
 * @param concurrency - runs the suite keeps in flight
 * @param env - more server settings (LOG_LEVEL…)
 */
export async function startScriptedModels(
  tasks: readonly EvalTask[],
  modes: readonly ScriptedMode[],
  concurrency: number,
  env: Record<string, string> = {},
): Promise<ScriptedModels> {
  const llm = await startLlmSimulator({
    models: Object.values(SCRIPTED_MODELS).map((id) => ({ id, context_length: 131072 })),
  });
  llm.setHandler(planPlayer(tasks));
  const server = await startEvalServer(
    {
      AGENT_PROVIDER: 'openai',
      OPENAI_BASE_URL: llm.url,
      OPENAI_API_KEY: 'sk-eval-simulator',
      AGENT_DEFAULT_MODEL: SCRIPTED_MODELS.oracle,
      LLM_MAX_RETRIES: '0',
      ...env,
    },
    concurrency,
  );
  return {
    models: modes.map((mode) => ({
      name: `sim:${SCRIPTED_MODELS[mode]}`,
      model: `openai:${SCRIPTED_MODELS[mode]}`,
      serverUrl: server.url,
    })),
    close: async () => {
      await server.close();
      await llm.close();
    },
  };
}
