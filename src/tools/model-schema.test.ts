import { asSchema } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testContext } from '../../test/platform/call-tool.js';
import { buildAgentTools } from './build-tools.js';
import { modelSchema } from './model-schema.js';

describe('modelSchema', () => {
  it('sends the JSON Schema without the dialect line and validates with zod', async () => {
    const schema = modelSchema(z.object({ name: z.string().trim().min(1).describe('A name.') }));
    const json = await asSchema(schema).jsonSchema;
    expect(json).toEqual({
      type: 'object',
      properties: { name: { type: 'string', minLength: 1, description: 'A name.' } },
      required: ['name'],
      additionalProperties: false,
    });
    expect(await schema.validate!({ name: '  Ann ' })).toEqual({ success: true, value: { name: 'Ann' } });
    expect(await schema.validate!({ name: 1 })).toMatchObject({ success: false });
  });

  it('keeps every tool schema the model sees free of the dialect line and of per-parameter Russian glosses', async () => {
    // The Russian terms are said once per tool, in its description, and the system prompt maps the platform's
    // terms; translating each parameter again cost 12 KB over all the tools (issue 11).
    const { tools } = buildAgentTools(testContext());
    for (const [name, t] of Object.entries(tools)) {
      const json = JSON.stringify(await asSchema(t.inputSchema).jsonSchema);
      expect(json, name).not.toContain('$schema');
      expect(json, name).not.toMatch(/RU: /);
    }
  });
});
