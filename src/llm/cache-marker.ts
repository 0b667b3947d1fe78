import type { SystemModelMessage } from 'ai';

/** Provider options of a system message. */
export type ProviderOptions = NonNullable<SystemModelMessage['providerOptions']>;

/**
 * Provider options that mark the prompt's static prefix (tools and system prompt) for providers whose prompt cache
 * must be asked for: Anthropic's models through OpenRouter (`cache_control: {type: 'ephemeral'}` on the system
 * message, which with Anthropic caches the tools before it too). Other providers cache a repeated prefix by
 * themselves (OpenAI, Gemini, DeepSeek…) or not at all: no marker.
 * @param provider - the provider id (`openrouter`, `openai`, …)
 * @param modelId - the model id as the provider names it
 * @returns the options to put on the system message, or undefined
 */
export function cacheMarker(provider: string, modelId: string): ProviderOptions | undefined {
  if (provider === 'openrouter' && modelId.startsWith('anthropic/'))
    return { openrouter: { cacheControl: { type: 'ephemeral' } } };
  return undefined;
}
