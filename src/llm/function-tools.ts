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
 * The tools of `tools`, in their order, as a provider's model is offered them: what the AI SDK's `streamText`
 * sends for function tools. Give it the tools offered now, as the agent shows them (`offeredTools`): every tool of
 * the set is read.
 * @param tools - the tools to offer
 */
export async function functionTools(tools: ToolSet): Promise<FunctionTool[]> {
  const result: FunctionTool[] = [];
  for (const [name, tool] of Object.entries(tools)) {
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
