import { PROVIDERS, type Config, type ProviderId } from '../config/config.js';

/** How to reach one provider, resolved from the configuration. */
export interface ProviderSettings {
  readonly provider: ProviderId;
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  /** The env variable that holds the key (named in error messages). */
  readonly keyVariable: string;
  /** The env variable that sets the base URL (named in connection errors). */
  readonly baseUrlVariable: string;
  /**
   * The model runs use when they name none: the configured one for the default provider, else the provider's
   * default; undefined means "the first model the provider lists".
   */
  readonly model: string | undefined;
  /** Whether `model` is the operator's (AGENT_DEFAULT_MODEL) rather than this server's pick for the provider. */
  readonly modelConfigured: boolean;
  /** Why the provider cannot be used, naming the variables to set; undefined when it is configured. */
  readonly missing: string | undefined;
  /** GigaChat's token endpoint and scope (its key is an authorization key, exchanged for access tokens). */
  readonly gigachat?: Config['llm']['gigachat'];
}

/** OpenRouter's public API. */
export const OPENROUTER_DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1';
/** The model the original copilot shipped with. */
export const OPENROUTER_DEFAULT_MODEL = 'qwen/qwen3.6-plus';
/** OpenAI's public API; any OpenAI-compatible server replaces it through OPENAI_BASE_URL. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Each provider's public API, key variable and the model the original offered first. */
const PROVIDER_DEFAULTS: Readonly<
  Record<ProviderId, { baseUrl: string; keyVariable: string; model: string | undefined }>
> = {
  openrouter: {
    baseUrl: OPENROUTER_DEFAULT_BASE_URL,
    keyVariable: 'OPENROUTER_API_KEY',
    model: OPENROUTER_DEFAULT_MODEL,
  },
  openai: { baseUrl: OPENAI_DEFAULT_BASE_URL, keyVariable: 'OPENAI_API_KEY', model: undefined },
  polza: { baseUrl: 'https://api.polza.ai/api/v1', keyVariable: 'POLZA_API_KEY', model: 'qwen/qwen3.6-plus' },
  gemini: {
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    keyVariable: 'GEMINI_KEY',
    model: 'gemini-2.5-flash',
  },
  groq: {
    baseUrl: 'https://api.groq.com/openai/v1',
    keyVariable: 'GROQ_API_KEY',
    model: 'llama-3.3-70b-versatile',
  },
  mistral: {
    baseUrl: 'https://api.mistral.ai/v1',
    keyVariable: 'MISTRAL_API_KEY',
    model: 'mistral-large-latest',
  },
  gigachat: {
    baseUrl: 'https://gigachat.devices.sberbank.ru/api/v1',
    keyVariable: 'GIGACHAT_API_KEY',
    model: 'GigaChat-2-Max',
  },
  huggingface: {
    baseUrl: 'https://router.huggingface.co/v1',
    keyVariable: 'HUGGINGFACE_API_KEY',
    model: undefined,
  },
};

/**
 * Resolves how to reach one provider.
 * @param config - the server configuration
 * @param provider - the provider; the default model's provider when absent
 */
export function providerSettings(
  config: Config,
  provider: ProviderId = config.agent.provider,
): ProviderSettings {
  const { apiKey, baseUrl } = config.llm.providers[provider];
  const defaults = PROVIDER_DEFAULTS[provider];
  const upper = provider.toUpperCase();
  const isDefault = provider === config.agent.provider;
  return {
    provider,
    baseUrl: (baseUrl ?? defaults.baseUrl).replace(/\/+$/, ''),
    apiKey,
    keyVariable: defaults.keyVariable,
    baseUrlVariable: `${upper}_BASE_URL`,
    model: (isDefault ? config.agent.model : undefined) ?? defaults.model,
    modelConfigured: isDefault && config.agent.model !== undefined,
    missing: missingReason(provider, apiKey, baseUrl),
    ...(provider === 'gigachat' ? { gigachat: config.llm.gigachat } : {}),
  };
}

/** Providers with what they need set (a key; for `openai`, a key or a base URL), in {@link PROVIDERS} order. */
export function configuredProviders(config: Config): ProviderId[] {
  return PROVIDERS.filter((id) => {
    const { apiKey, baseUrl } = config.llm.providers[id];
    return missingReason(id, apiKey, baseUrl) === undefined;
  });
}

function missingReason(
  provider: ProviderId,
  apiKey: string | undefined,
  baseUrl: string | undefined,
): string | undefined {
  if (provider === 'openai')
    return apiKey || baseUrl
      ? undefined
      : 'The openai provider is not configured: set OPENAI_API_KEY for OpenAI, or OPENAI_BASE_URL for any OpenAI-compatible server (Ollama, vLLM, llama.cpp…).';
  if (apiKey) return undefined;
  if (provider === 'openrouter')
    return 'No LLM provider is configured: set OPENROUTER_API_KEY (or the key of another provider: OPENAI_API_KEY or OPENAI_BASE_URL, POLZA_API_KEY, GEMINI_KEY, GROQ_API_KEY, MISTRAL_API_KEY, GIGACHAT_API_KEY, HUGGINGFACE_API_KEY).';
  return `The ${provider} provider is not configured: set ${PROVIDER_DEFAULTS[provider].keyVariable}.`;
}
