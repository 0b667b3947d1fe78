import { loadConfig, splitModelRef, type ProviderId } from '../src/config/config.js';
import type { SuiteModel } from './run-suite.js';
import { startEvalServer } from './start-eval-server.js';

/** The variable that holds each provider's key, for the message when it is missing. */
const KEY_VARIABLES: Record<ProviderId, string> = {
  openrouter: 'OPENROUTER_API_KEY',
  openai: 'OPENAI_API_KEY (or OPENAI_BASE_URL)',
  polza: 'POLZA_API_KEY',
  gemini: 'GEMINI_KEY',
  groq: 'GROQ_API_KEY',
  mistral: 'MISTRAL_API_KEY',
  gigachat: 'GIGACHAT_API_KEY',
  huggingface: 'HUGGINGFACE_API_KEY',
};

/** Real models on one eval server; close it when done. */
export interface RealModels {
  readonly models: SuiteModel[];
  close(): Promise<void>;
}

/**
 * The models whose provider has no key in `env`, each with what to set (empty when every one can run).
 * @param refs - `provider:model` names (a bare id is the default provider's)
 * @param env - the environment
 */
export function missingKeys(refs: readonly string[], env: Record<string, string | undefined>): string[] {
  const config = loadConfig({ ...env, AGENT_DEFAULT_MODEL: undefined, AGENT_PROVIDER: env.AGENT_PROVIDER });
  return refs.flatMap((ref) => {
    const provider = splitModelRef(ref).provider ?? config.agent.provider;
    const settings = config.llm.providers[provider];
    const configured =
      settings.apiKey !== undefined || (provider === 'openai' && settings.baseUrl !== undefined);
    return configured
      ? []
      : [`${ref}: no key for the provider "${provider}"; set ${KEY_VARIABLES[provider]}`];
  });
}

async function getJson(url: string): Promise<{ status: number; json: any }> {
  const response = await fetch(url, {
    headers: { 'x-client-key': 'eval-preflight-key-0000000000000000000000000' },
  });
  const text = await response.text();
  try {
    return { status: response.status, json: JSON.parse(text) };
  } catch {
    return { status: response.status, json: text };
  }
}

/**
 * Starts one server with the environment's providers, the first model as its default, and waits until it is ready
 * and lists every model asked for.
 * @param refs - `provider:model` names
 * @param env - the environment (provider keys)
 * @param concurrency - runs the suite keeps in flight
 * @throws Error saying what is wrong when the server does not become ready or lacks a model
 */
export async function startRealModels(
  refs: readonly string[],
  env: Record<string, string | undefined>,
  concurrency: number,
): Promise<RealModels> {
  const server = await startEvalServer(
    { LLM_MAX_RETRIES: '2', ...env, AGENT_DEFAULT_MODEL: refs[0], AGENT_PROVIDER: undefined },
    concurrency,
  );
  try {
    let ready = await getJson(`${server.url}/readyz`);
    for (let i = 0; i < 60 && ready.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      ready = await getJson(`${server.url}/readyz`);
    }
    if (ready.status !== 200) throw new Error(`The server is not ready: ${JSON.stringify(ready.json)}`);
    const config = await getJson(`${server.url}/api/config`);
    const listed = new Set(((config.json?.models ?? []) as { id: string }[]).map((m) => m.id));
    const unknown = refs.filter(
      (ref) => !listed.has(ref) && ![...listed].some((id) => id.endsWith(`:${ref}`)),
    );
    if (unknown.length > 0)
      throw new Error(
        `The providers do not list ${unknown.join(', ')} (they list ${listed.size} models, e.g. ${[...listed].slice(0, 5).join(', ')})`,
      );
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    models: refs.map((ref) => ({ name: ref, model: ref, serverUrl: server.url })),
    close: () => server.close(),
  };
}
