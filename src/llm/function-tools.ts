import { asSchema, type ToolSet } from 'ai';
import type { ModelCallOptions } from './model-prompt.js';

/** A tool as a provider's model is offered it (`LanguageModelV3FunctionTool`). */
export type FunctionTool = Extract<NonNullable<ModelCallOptions['tools']>[number], { type: 'function' }>;
type JsonSchema = FunctionTool['inputSchema'];

/**
 * JSON Schemas by the tool schema they were made from. Tool objects are made per run, but their schemas are shared
 * by every run, so each is converted once; the same object every time also lets the request body reuse the tools'
 * bytes (see `tool-splice.ts`).
 */
const jsonSchemas = new WeakMap<object, JsonSchema>();

/**
 * The tools of `tools` named in `names` (all without a list), in their order, as a provider's model is offered
 * them: what the AI SDK's `streamText` sends for function tools.
 * @param tools - the turn's tools
 * @param names - the names to offer now
 */
export async function functionTools(tools: ToolSet, names?: readonly string[]): Promise<FunctionTool[]> {
  const offered = names && new Set(names);
  const result: FunctionTool[] = [];
  // Keys first: a tool is read (and, in a lazy set, built) only when offered.
  for (const name of Object.keys(tools)) {
    if (offered && !offered.has(name)) continue;
    const tool = tools[name]!;
    const key = tool.inputSchema as object;
    let inputSchema = jsonSchemas.get(key);
    if (inputSchema === undefined) {
      inputSchema = await asSchema(tool.inputSchema).jsonSchema;
      jsonSchemas.set(key, inputSchema);
    }
    result.push({
      type: 'function',
      name,
      description: tool.description,
      inputSchema,
      ...(tool.inputExamples != null ? { inputExamples: tool.inputExamples } : {}),
      providerOptions: tool.providerOptions,
      ...(tool.strict != null ? { strict: tool.strict } : {}),
    });
  }
  return result;
}
