import type { ModelMessage } from 'ai';
import type { ProviderModel } from './create-language-model.js';

/** The options of one call of a provider's model (the AI SDK's `LanguageModelV3CallOptions`). */
export type ModelCallOptions = Parameters<ProviderModel['doStream']>[0];
/** A prompt as a provider's model takes it (`LanguageModelV3Prompt`). */
export type ModelPrompt = ModelCallOptions['prompt'];
type PromptMessage = ModelPrompt[number];
type UserPart = Extract<PromptMessage, { role: 'user' }>['content'][number];
type AssistantPart = Extract<PromptMessage, { role: 'assistant' }>['content'][number];
type ToolPart = Extract<PromptMessage, { role: 'tool' }>['content'][number];
type ProviderOptions = Extract<PromptMessage, { role: 'system' }>['providerOptions'];

/** The system message of a prompt: its text and, for providers whose cache must be asked for, its options. */
export interface SystemMessage {
  readonly content: string;
  readonly providerOptions?: ProviderOptions | undefined;
}

/**
 * Converts the agent's messages to the prompt a provider's model takes, as the AI SDK's `streamText` does for the
 * message kinds the agent sends: text, images and files given as bytes (URLs are not fetched: the agent never
 * sends one), reasoning, tool calls and tool results. Empty text parts are left out and consecutive tool messages
 * joined, as the AI SDK does, so the request on the wire is the one it would send.
 * @param system - the system message
 * @param messages - the conversation, oldest first
 * @throws Error for a part the agent never sends (a URL, an unknown part type)
 */
export function toModelPrompt(system: SystemMessage, messages: readonly ModelMessage[]): ModelPrompt {
  const prompt: PromptMessage[] = [
    { role: 'system', content: system.content, providerOptions: system.providerOptions },
  ];
  for (const message of messages) {
    const converted = toPromptMessage(message);
    const last = prompt.at(-1);
    if (converted.role === 'tool' && last?.role === 'tool') last.content.push(...converted.content);
    else prompt.push(converted);
  }
  return prompt.filter((m) => m.role !== 'tool' || m.content.length > 0);
}

function toPromptMessage(message: ModelMessage): PromptMessage {
  const providerOptions = message.providerOptions;
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content, providerOptions };
    case 'user':
      return {
        role: 'user',
        content:
          typeof message.content === 'string'
            ? [{ type: 'text', text: message.content }]
            : message.content.map(userPart).filter((p) => p.type !== 'text' || p.text !== ''),
        providerOptions,
      };
    case 'assistant':
      return {
        role: 'assistant',
        content:
          typeof message.content === 'string'
            ? [{ type: 'text', text: message.content }]
            : message.content
                .filter((p) => p.type !== 'text' || p.text !== '' || p.providerOptions != null)
                .filter((p): p is AssistantContent => p.type !== 'tool-approval-request')
                .map(assistantPart),
        providerOptions,
      };
    case 'tool':
      return {
        role: 'tool',
        content: message.content.flatMap((p): ToolPart[] =>
          p.type === 'tool-result'
            ? [
                {
                  type: 'tool-result',
                  toolCallId: p.toolCallId,
                  toolName: p.toolName,
                  output: p.output as Extract<ToolPart, { type: 'tool-result' }>['output'],
                  providerOptions: p.providerOptions,
                },
              ]
            : [],
        ),
        providerOptions,
      };
  }
}

type UserContent = Exclude<Extract<ModelMessage, { role: 'user' }>['content'], string>[number];
type AssistantContent = Exclude<
  Exclude<Extract<ModelMessage, { role: 'assistant' }>['content'], string>[number],
  { type: 'tool-approval-request' }
>;

function userPart(part: UserContent): UserPart {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text, providerOptions: part.providerOptions };
    case 'image':
      return {
        type: 'file',
        mediaType: part.mediaType ?? 'image/*',
        filename: undefined,
        data: bytesOf(part.image),
        providerOptions: part.providerOptions,
      };
    case 'file':
      return {
        type: 'file',
        mediaType: part.mediaType,
        filename: part.filename,
        data: bytesOf(part.data),
        providerOptions: part.providerOptions,
      };
  }
}

function assistantPart(part: AssistantContent): AssistantPart {
  const providerOptions = part.providerOptions;
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text, providerOptions };
    case 'reasoning':
      return { type: 'reasoning', text: part.text, providerOptions };
    case 'file':
      return {
        type: 'file',
        data: bytesOf(part.data),
        filename: part.filename,
        mediaType: part.mediaType,
        providerOptions,
      };
    case 'tool-call':
      return {
        type: 'tool-call',
        toolCallId: part.toolCallId,
        toolName: part.toolName,
        input: part.input,
        providerExecuted: part.providerExecuted,
        providerOptions,
      };
    case 'tool-result':
      return {
        type: 'tool-result',
        toolCallId: part.toolCallId,
        toolName: part.toolName,
        output: part.output as Extract<AssistantPart, { type: 'tool-result' }>['output'],
        providerOptions,
      };
  }
}

/** Bytes or base64 text, as a provider's model takes a file's data. */
function bytesOf(data: unknown): Uint8Array | string {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (typeof data === 'string' && !/^(https?|data):/i.test(data)) return data;
  throw new Error('The agent sends files as bytes, not as URLs.');
}
