import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

/** The size of one LLM request as the provider receives it. */
export interface PromptSize {
  /** UTF-8 bytes of the JSON request body. */
  readonly bytes: number;
  /** o200k_base tokens of that JSON (GPT-4o/GPT-5's tokenizer): a fair proxy for what any provider bills. */
  readonly tokens: number;
  /** Of which the tool definitions: bytes and tokens of the `tools` array alone. */
  readonly toolBytes: number;
  readonly toolTokens: number;
  /** Tools the request declared. */
  readonly toolCount: number;
}

/**
 * Measures a chat-completions request body (as the LLM simulator recorded it).
 * @param body - the parsed JSON body
 */
export function promptSize(body: unknown): PromptSize {
  const json = JSON.stringify(body);
  const tools = (body as { tools?: unknown[] }).tools ?? [];
  const toolJson = JSON.stringify(tools);
  return {
    bytes: Buffer.byteLength(json),
    tokens: countTokens(json),
    toolBytes: tools.length > 0 ? Buffer.byteLength(toolJson) : 0,
    toolTokens: tools.length > 0 ? countTokens(toolJson) : 0,
    toolCount: tools.length,
  };
}
