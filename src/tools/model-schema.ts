import { jsonSchema, zodSchema, type Schema } from 'ai';
import type { z } from 'zod';

/**
 * A tool's input schema as the model sees it: zod's JSON Schema without the `$schema` dialect line, which every
 * tool would otherwise repeat on every LLM call (about 50 bytes a tool) and which tells the model nothing. Calls
 * are still validated by the zod schema. Built lazily and once: the JSON Schema is made on first use and kept.
 * @param schema - the zod input schema
 */
export function modelSchema<S extends z.ZodType>(schema: S): Schema<z.output<S>> {
  const zod = zodSchema(schema) as unknown as Schema<z.output<S>>;
  return jsonSchema<z.output<S>>(
    () => {
      // A zod schema converts synchronously; the SDK's type also allows a promise, which zod never gives.
      const { $schema: _dialect, ...rest } = zod.jsonSchema as Exclude<
        typeof zod.jsonSchema,
        PromiseLike<unknown>
      >;
      return rest;
    },
    { validate: (value) => zod.validate!(value) },
  );
}
