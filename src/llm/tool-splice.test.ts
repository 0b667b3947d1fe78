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
const args = { model: 'm', messages: [{ role: 'user', content: 'Привет "tools"' }], tools, stream: true };

/** What fetch was given, as text. */
async function sent(splice: ToolSplice, body: Record<string, unknown>): Promise<string> {
  let captured: RequestInit['body'];
  const fetch = splice.fetch((_input, init) => {
    captured = init?.body;
    return Promise.resolve(new Response('{}'));
  });
  await fetch('http://llm/v1/chat/completions', {
    method: 'POST',
    body: JSON.stringify(splice.transformRequestBody(body)),
  });
  return captured instanceof Uint8Array ? Buffer.from(captured).toString('utf8') : (captured as string);
}

describe('ToolSplice', () => {
  it('sends byte for byte the body JSON.stringify would, with the tools as bytes', async () => {
    const splice = new ToolSplice();
    const once = await sent(splice, args);
    expect(once).toBe(JSON.stringify(args));
    // Again, from the bytes encoded the first time.
    expect(await sent(splice, { ...args, messages: [{ role: 'user', content: 'again' }] })).toBe(
      JSON.stringify({ ...args, messages: [{ role: 'user', content: 'again' }] }),
    );
  });

  it('re-encodes a tool whose description changed, and leaves bodies without tools alone', async () => {
    const splice = new ToolSplice();
    await sent(splice, args);
    const changed = [{ ...tools[0]!, function: { ...tools[0]!.function, description: 'new' } }, tools[1]!];
    expect(await sent(splice, { ...args, tools: changed })).toBe(JSON.stringify({ ...args, tools: changed }));
    const plain = { model: 'm', messages: [] };
    expect(await sent(splice, plain)).toBe(JSON.stringify(plain));
    expect(splice.transformRequestBody({ ...plain, tools: [] })).toEqual({ ...plain, tools: [] });
  });
});
