import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';
import type { AnswerSource } from './call-server-core.js';

/**
 * The answer through the AI SDK as the project uses it (`@ai-sdk/openai-compatible`, `streamText`), but with no
 * tools, no system prompt and no history: what the library costs by itself.
 * @param baseUrl - the LLM's base URL, `…/v1`
 */
export function aiSdkAnswerSource(baseUrl: string): AnswerSource {
  const model = createOpenAICompatible({
    name: 'openai',
    baseURL: baseUrl,
    apiKey: 'bench',
    includeUsage: true,
  }).chatModel('sim-model');
  return (question) => streamText({ model, prompt: question, maxRetries: 0 }).textStream;
}
