import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createGroq } from '@ai-sdk/groq';
import { createMistral } from '@ai-sdk/mistral';
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import type { wrapLanguageModel } from 'ai';
import { ChatCompletionsModel } from './chat-completions-model.js';
import { gigachatFetch } from './gigachat-fetch.js';
import { ToolSplice } from './tool-splice.js';
import type { ProviderSettings } from './provider-settings.js';
import { usageCostExtractor } from './provider-cost.js';

/** A provider's model as the AI SDK's middleware takes it (`@ai-sdk/provider` is not a direct dependency). */
export type ProviderModel = Parameters<typeof wrapLanguageModel>[0]['model'];

/**
 * Builds the AI SDK model for one provider's model id, with the AI SDK's own package for that provider:
 * OpenRouter's (with its usage accounting), Google's for Gemini, Groq's, Mistral's, and the OpenAI-compatible one
 * for OpenAI-compatible servers, Polza (whose rouble cost it reads), Hugging Face's router and GigaChat (through
 * {@link gigachatFetch}: no AI SDK package exists for it). Those four stream through {@link ChatCompletionsModel},
 * which sends the request the AI SDK's OpenAI-compatible model would and yields the same parts, for less CPU.
 * @param s - the provider's settings
 * @param modelId - the model, as the provider names it
 * @param apiKey - the key to use instead of the configured one (a client's own, when the server allows it)
 * @param fetch - the `fetch` its calls go through (GigaChat's, shared by the provider's models: see
 *   {@link providerFetch})
 */
export function createLanguageModel(
  s: ProviderSettings,
  modelId: string,
  apiKey: string | undefined = s.apiKey,
  fetch: typeof globalThis.fetch | undefined = providerFetch(s, apiKey),
): ProviderModel {
  const key = apiKey ?? '';
  switch (s.provider) {
    case 'openrouter':
      return createOpenRouter({ apiKey: key, baseURL: s.baseUrl }).chat(modelId, {
        usage: { include: true },
      });
    case 'gemini':
      return createGoogleGenerativeAI({ apiKey: key, baseURL: s.baseUrl })(modelId);
    case 'groq':
      return createGroq({ apiKey: key, baseURL: s.baseUrl })(modelId);
    case 'mistral':
      return createMistral({ apiKey: key, baseURL: s.baseUrl })(modelId);
    // GigaChat's fetch reads the body as a JSON string and rewrites it: no tool splice.
    case 'gigachat':
      return new ChatCompletionsModel({
        name: s.provider,
        baseURL: s.baseUrl,
        modelId,
        includeUsage: true,
        fetch,
        mergeTextDeltas: true,
      });
    // Hugging Face's router speaks OpenAI's chat completions. The AI SDK's own package for it (the generation that
    // ai@6 takes) uses the Responses API and leaves tool calls and tool results out of the conversation it sends,
    // which breaks every multi-step turn of this agent.
    case 'huggingface':
    case 'openai':
    case 'polza':
      return new ChatCompletionsModel({
        name: s.provider,
        baseURL: s.baseUrl,
        apiKey,
        modelId,
        includeUsage: true,
        // The provider's own cost where it sends one (Polza's usage.cost_rub).
        metadataExtractor: usageCostExtractor,
        // The tools go out as bytes encoded once.
        toolSplice: TOOL_SPLICE,
        // Deltas that came in one read are one part: fewer events when the model outpaces the reader.
        mergeTextDeltas: true,
      });
  }
}

/** The tools of every OpenAI-compatible provider's requests, encoded once (see {@link ToolSplice}). */
const TOOL_SPLICE = new ToolSplice();

/**
 * The `fetch` a provider's calls need instead of the global one: GigaChat's, which gets access tokens with the key
 * and speaks its function calling (one per key: it caches the token). Undefined for the others.
 * @param s - the provider's settings
 * @param apiKey - the key its calls use
 */
export function providerFetch(
  s: ProviderSettings,
  apiKey: string | undefined,
): typeof globalThis.fetch | undefined {
  if (s.provider !== 'gigachat' || !s.gigachat || apiKey === undefined) return undefined;
  return gigachatFetch({ ...s.gigachat, key: apiKey });
}
