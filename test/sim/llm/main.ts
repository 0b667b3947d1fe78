/**
 * CLI: runs the LLM simulator until SIGINT/SIGTERM.
 *
 *   npm run sim:llm                      # http://127.0.0.1:11435/v1
 *   PORT=0 SIM_API_KEY=secret npm run sim:llm
 *
 * Environment: PORT (default 11435; 0 picks a free port), SIM_API_KEY (require this bearer key),
 * SIM_MODELS (comma-separated model ids), SIM_CHUNK_SIZE, SIM_MODELS_DELAY_MS.
 * The first line printed ends with the base URL, so a spawning test can read it from stdout.
 * Behaviour per request can be scripted in-band with a `[[sim:{…}]]` directive in the user message.
 */
import { startLlmSimulator, type LlmSimulatorOptions } from './llm-simulator.js';

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number, got ${raw}`);
  return value;
}

const options: LlmSimulatorOptions = { port: numberFromEnv('PORT') ?? 11435 };
const apiKey = process.env.SIM_API_KEY;
if (apiKey) options.apiKey = apiKey;
const models = process.env.SIM_MODELS;
if (models) options.models = models.split(',').map((id) => ({ id: id.trim() }));
const chunkSize = numberFromEnv('SIM_CHUNK_SIZE');
if (chunkSize !== undefined) options.chunkSize = chunkSize;
const modelsDelayMs = numberFromEnv('SIM_MODELS_DELAY_MS');
if (modelsDelayMs !== undefined) options.modelsDelayMs = modelsDelayMs;

const sim = await startLlmSimulator(options);
console.log(`LLM simulator listening on ${sim.url}`);
console.log(
  `  try: OPENAI_BASE_URL=${sim.url} (model: ${options.models?.[0]?.id ?? 'sim-model'}); Ctrl+C stops it`,
);

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received, stopping the LLM simulator`);
  sim.close().then(
    () => {
      process.exitCode = 0;
    },
    (error: unknown) => {
      console.error('failed to stop the LLM simulator', error);
      process.exitCode = 1;
    },
  );
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
