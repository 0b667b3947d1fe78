import { asSchema, type ModelMessage, type ToolSet } from 'ai';

/**
 * A token estimate that errs on the high side: ASCII text at four characters a token (English prose and JSON
 * schemas tokenize at about that), every other character at two (Cyrillic tokenizes much more densely, so
 * Russian conversations are not underestimated).
 * @param value - a string or anything JSON-serialisable
 */
export function estimateTokens(value: unknown): number {
  const text = (typeof value === 'string' ? value : JSON.stringify(value)) ?? '';
  let ascii = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 128) ascii++;
  return Math.ceil(ascii / 4 + (text.length - ascii) / 2);
}

/** The result of fitting a conversation into a token budget. */
export interface BudgetedHistory {
  /** The messages of the turns that were kept, oldest first. */
  readonly messages: ModelMessage[];
  /** How many of the oldest turns were dropped to fit. */
  readonly droppedTurns: number;
  /** The estimated tokens of the kept messages. */
  readonly tokens: number;
}

/**
 * Fits earlier turns into `budgetTokens` by **dropping the oldest whole turns** (a turn's question, tool calls,
 * tool results and answer stay together, so no tool result is ever orphaned). The newest turns are kept.
 * @param turns - earlier turns, oldest first, each the list of its messages
 * @param budgetTokens - tokens available for history
 */
export function budgetHistory(
  turns: readonly (readonly ModelMessage[])[],
  budgetTokens: number,
): BudgetedHistory {
  const kept: (readonly ModelMessage[])[] = [];
  let tokens = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i]!;
    const cost = estimateTokens(turn);
    if (tokens + cost > budgetTokens) break;
    kept.unshift(turn);
    tokens += cost;
  }
  return { messages: kept.flat(), droppedTurns: turns.length - kept.length, tokens };
}

/**
 * Estimates what the tool definitions cost in every LLM call: each tool's name, description and input JSON
 * schema are sent with the prompt.
 * @param tools - the tools the model is given
 */
export async function estimateToolTokens(tools: ToolSet): Promise<number> {
  let total = 0;
  for (const [name, tool] of Object.entries(tools)) {
    // Tool objects are made per run, but their schema objects are shared by every run: count each once.
    const key = tool.inputSchema as object;
    let tokens = toolTokenCache.get(key);
    if (tokens === undefined) {
      const schema = await asSchema(tool.inputSchema).jsonSchema;
      tokens = estimateTokens({ name, description: tool.description ?? '', schema });
      toolTokenCache.set(key, tokens);
    }
    total += tokens;
  }
  return total;
}

const toolTokenCache = new WeakMap<object, number>();
