import {
  asSchema,
  InvalidToolInputError,
  JSONParseError,
  NoSuchToolError,
  TypeValidationError,
  type ToolSet,
} from 'ai';
import { secureJsonParse } from '../llm/secure-json-parse.js';

type Schema = ReturnType<typeof asSchema>;

/** Schemas by the tool schema they wrap: tool objects are made per run, their schemas are shared by every run. */
const schemas = new WeakMap<object, Schema>();

/** A tool call's input, parsed and checked against the tool's schema, or why it is not valid. */
export type ParsedToolInput =
  | { readonly valid: true; readonly input: unknown }
  | { readonly valid: false; readonly input: unknown; readonly error: Error };

/**
 * Parses the JSON arguments a model sent for a tool call and checks them against the tool's input schema, as the
 * AI SDK does: no arguments mean `{}`; a tool that does not exist is a `NoSuchToolError`, arguments that are not
 * JSON or do not fit the schema an `InvalidToolInputError` (the model gets the message and can try again). Keys
 * that would reach an object's prototype (`__proto__`, `constructor.prototype`) are refused, as the AI SDK's
 * secure JSON parser refuses them.
 * @param tools - the turn's tools
 * @param toolName - the tool the model called
 * @param text - the arguments as the model sent them
 */
export async function parseToolInput(
  tools: ToolSet,
  toolName: string,
  text: string,
): Promise<ParsedToolInput> {
  let parsed: unknown = text;
  try {
    parsed = text.trim() === '' ? {} : secureJsonParse(text);
  } catch (cause) {
    const error = new InvalidToolInputError({
      toolName,
      toolInput: text,
      cause: new JSONParseError({ text, cause }),
    });
    return { valid: false, input: text, error };
  }
  const tool = Object.hasOwn(tools, toolName) ? tools[toolName] : undefined;
  if (tool === undefined)
    return {
      valid: false,
      input: parsed,
      error: new NoSuchToolError({ toolName, availableTools: Object.keys(tools) }),
    };
  const key = tool.inputSchema as object;
  let schema = schemas.get(key);
  if (schema === undefined) {
    schema = asSchema(tool.inputSchema);
    schemas.set(key, schema);
  }
  if (schema.validate === undefined) return { valid: true, input: parsed };
  let cause: unknown;
  try {
    const checked = await schema.validate(parsed);
    if (checked.success) return { valid: true, input: checked.value };
    cause = checked.error;
  } catch (error) {
    cause = error;
  }
  return {
    valid: false,
    input: parsed,
    error: new InvalidToolInputError({
      toolName,
      toolInput: text,
      cause: TypeValidationError.wrap({ value: parsed, cause }),
    }),
  };
}
