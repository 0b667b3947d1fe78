import { describe, expect, it } from 'vitest';
import { ToolSplice } from './tool-splice.js';

const schema = { type: 'object', properties: { name: { type: 'string', description: 'Имя шаблона' } } };
const tools = [
  {
    type: 'function',
    function: { name: 'list_templates', description: 'Шаблоны (templates) приложения', parameters: schema },
  },
  {
    type: 'function',
    function: { name: 'add', description: 'Adds', parameters: { type: 'object' }, strict: true },
  },
];
const args = {
  model: 'm',
  max_tokens: undefined,
  messages: [{ role: 'user', content: 'Привет "tools" 🙂' }],
  tools,
  tool_choice: undefined,
  stream: true,
};

/** The bytes of a body, as text. */
const sent = (splice: ToolSplice, body: Record<string, unknown>) => splice.bodyBytes(body).toString('utf8');

describe('ToolSplice', () => {
  it('encodes byte for byte the body JSON.stringify would, with the tools as bytes encoded once', () => {
    const splice = new ToolSplice();
    expect(sent(splice, args)).toBe(JSON.stringify(args));
    const first = splice.toolsBytes(tools);
    expect(first.toString('utf8')).toBe(JSON.stringify(tools));
    // Again, from the bytes encoded the first time.
    const again = { ...args, messages: [{ role: 'user', content: 'again' }] };
    expect(sent(splice, again)).toBe(JSON.stringify(again));
    expect(splice.toolsBytes([...tools])).toBe(first);
  });

  it('writes the keys around the tools in their order, whatever comes first or last', () => {
    const splice = new ToolSplice();
    for (const body of [
      { tools },
      { tools, stream: true },
      { model: 'm', tools },
      { a: undefined, tools, b: undefined },
      { z: 1, tools, a: [1, 'ё'], m: { x: null } },
    ])
      expect(sent(splice, body)).toBe(JSON.stringify(body));
  });

  it('re-encodes a tool whose description changed, and leaves bodies without tools alone', () => {
    const splice = new ToolSplice();
    const first = splice.toolsBytes(tools);
    const changed = [{ ...tools[0]!, function: { ...tools[0]!.function, description: 'new' } }, tools[1]!];
    expect(sent(splice, { ...args, tools: changed })).toBe(JSON.stringify({ ...args, tools: changed }));
    expect(splice.toolsBytes(changed)).not.toBe(first);
    const plain = { model: 'm', messages: [] };
    expect(sent(splice, plain)).toBe(JSON.stringify(plain));
    expect(sent(splice, { ...plain, tools: [] })).toBe(JSON.stringify({ ...plain, tools: [] }));
  });
});
