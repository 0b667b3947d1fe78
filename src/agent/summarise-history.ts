import type { Tracer } from '@opentelemetry/api';
import { generateText, type LanguageModel, type ModelMessage } from 'ai';
import { telemetrySettings } from './telemetry-settings.js';

/** The longest summary asked for, in tokens. */
export const SUMMARY_MAX_TOKENS = 1200;
/** Characters kept of one tool call's input or result in the transcript the summariser reads. */
const TOOL_TEXT_CHARS = 600;

const SYSTEM = `You summarise the earlier part of a conversation between a business analyst and the Comindware Platform copilot, so that the copilot can go on without it. Keep every fact the rest of the conversation may need: what the user wants and decided, the names and system names of applications, templates, attributes, forms, records and their ids, what was created, changed or deleted on the platform and what failed, open questions and pending confirmations. Drop greetings and repetition. Write in the language of the conversation, as a short list, at most 300 words. If an earlier summary is given, merge it in.`;

/**
 * Summarises a conversation's oldest turns with the model, without tools (as the original did when the history
 * outgrew the context window).
 * @param input.previous - the summary of the turns before these, when one was made
 * @param input.turns - the turns to summarise, oldest first
 * @param input.tracer - with tracing on: the AI SDK's span of the call (`ai.generateText`, functionId
 *   `cmw.summarise-history`) under the active one (the run's), without the transcript or the summary
 * @returns the summary and the tokens its call used
 * @throws whatever the LLM call throws (the caller falls back to leaving the turns out)
 */
export async function summariseHistory(input: {
  model: LanguageModel;
  previous: string | undefined;
  turns: readonly (readonly ModelMessage[])[];
  maxRetries: number;
  signal: AbortSignal;
  tracer?: Tracer | undefined;
}): Promise<{ text: string; inputTokens: number; outputTokens: number }> {
  const transcript = input.turns.map((turn) => turn.map(render).join('\n')).join('\n\n');
  const prompt =
    (input.previous !== undefined ? `Earlier summary:\n${input.previous}\n\n` : '') +
    `Conversation to summarise:\n${transcript}`;
  const result = await generateText({
    model: input.model,
    system: SYSTEM,
    prompt,
    temperature: 0,
    maxOutputTokens: SUMMARY_MAX_TOKENS,
    maxRetries: input.maxRetries,
    abortSignal: input.signal,
    ...telemetrySettings(input.tracer, 'cmw.summarise-history'),
  });
  const text = result.text.trim();
  if (text === '') throw new Error('the model answered an empty summary');
  return {
    text,
    inputTokens: result.usage.inputTokens ?? 0,
    outputTokens: result.usage.outputTokens ?? 0,
  };
}

/** One message as a transcript line: text as it is, tool calls and results cut short. */
function render(message: ModelMessage): string {
  if (typeof message.content === 'string') return `${message.role}: ${message.content}`;
  const parts: string[] = [];
  for (const part of message.content) {
    if (part.type === 'text') parts.push(part.text);
    else if (part.type === 'tool-call')
      parts.push(`[called ${part.toolName} ${clip(JSON.stringify(part.input))}]`);
    else if (part.type === 'tool-result')
      parts.push(`[${part.toolName} answered ${clip(JSON.stringify(part.output))}]`);
  }
  return `${message.role}: ${parts.join(' ')}`;
}

function clip(text: string | undefined): string {
  if (text === undefined) return '';
  return text.length > TOOL_TEXT_CHARS ? `${text.slice(0, TOOL_TEXT_CHARS)}…` : text;
}
