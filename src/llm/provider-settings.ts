import type { Config, ProviderId } from '../config/config.js';

/** How to reach one provider, resolved from the configuration. */
export interface ProviderSettings {
  readonly provider: ProviderId;
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  /** The env variable that holds the key (named in error messages). */
  readonly keyVariable: string;
  /** The env variable that sets the base URL (named in connection errors). */
  readonly baseUrlVariable: string;
  /** The configured model, or the provider's default; undefined means "the first model the provider lists". */
  readonly model: string | undefined;
  /** Why the provider cannot be used, naming the variables to set; undefined when it is configured. */
  readonly missing: string | undefined;
}

/** OpenRouter's public API. */
export const OPENROUTER_DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1';
/** The model the original copilot shipped with. */
export const OPENROUTER_DEFAULT_MODEL = 'qwen/qwen3.6-plus';
/** OpenAI's public API; any OpenAI-compatible server replaces it through OPENAI_BASE_URL. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * Resolves the provider the configuration selects.
 * @param config - the server configuration
 */
export function providerSettings(config: Config): ProviderSettings {
  const { provider, model } = config.agent;
  if (provider === 'openrouter') {
    const { apiKey, baseUrl } = config.llm.openrouter;
    return {
      provider,
      baseUrl: (baseUrl ?? OPENROUTER_DEFAULT_BASE_URL).replace(/\/+$/, ''),
      apiKey,
      keyVariable: 'OPENROUTER_API_KEY',
      baseUrlVariable: 'OPENROUTER_BASE_URL',
      model: model ?? OPENROUTER_DEFAULT_MODEL,
      missing: apiKey
        ? undefined
        : 'No LLM provider is configured: set OPENROUTER_API_KEY (AGENT_PROVIDER=openrouter is the default), or set AGENT_PROVIDER=openai with OPENAI_BASE_URL (and OPENAI_API_KEY if that server needs a key).',
    };
  }
  const { apiKey, baseUrl } = config.llm.openai;
  return {
    provider,
    baseUrl: (baseUrl ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, ''),
    apiKey,
    keyVariable: 'OPENAI_API_KEY',
    baseUrlVariable: 'OPENAI_BASE_URL',
    model,
    missing:
      apiKey || baseUrl
        ? undefined
        : 'The openai provider is not configured: set OPENAI_API_KEY for OpenAI, or OPENAI_BASE_URL for any OpenAI-compatible server (Ollama, vLLM, llama.cpp, Polza…).',
  };
}
