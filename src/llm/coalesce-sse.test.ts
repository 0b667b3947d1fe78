import { describe, expect, it } from 'vitest';
import { coalesceSse } from './coalesce-sse.js';

const text = (content: string, extra: object = {}) =>
  `data: ${JSON.stringify({ id: 'c1', choices: [{ index: 0, delta: { content, ...extra }, finish_reason: null }] })}\n\n`;
const toolCall = `data: ${JSON.stringify({ id: 'c1', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{}' } }] }, finish_reason: null }] })}\n\n`;
const finish = `data: ${JSON.stringify({ id: 'c1', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`;

/** The events a client reads from `reads` passed through coalesceSse. */
async function through(reads: string[]): Promise<string> {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const r of reads) controller.enqueue(encoder.encode(r));
      controller.close();
    },
  });
  const response = coalesceSse(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
  return response.text();
}

const deltas = (stream: string) =>
  stream
    .split('\n\n')
    .filter((e) => e.startsWith('data: {'))
    .map((e) => JSON.parse(e.slice(6)) as { choices: [{ delta: { content?: string } }] });

describe('coalesceSse', () => {
  it('merges text deltas that arrived in one read, keeping the text and every other event', async () => {
    const out = await through([
      text('Hel', { role: 'assistant' }) +
        text('lo, ') +
        text('мир') +
        toolCall +
        text('!') +
        finish +
        'data: [DONE]\n\n',
    ]);
    const events = deltas(out);
    expect(events).toHaveLength(4);
    expect(events[0]!.choices[0].delta).toEqual({ content: 'Hello, мир', role: 'assistant' });
    expect(out).toContain(toolCall);
    expect(out.endsWith(`${text('!')}${finish}data: [DONE]\n\n`)).toBe(true);
  });

  it('passes events that arrive one at a time, and events split across reads, byte for byte', async () => {
    const one = [text('a'), text('b'), finish];
    expect(await through(one)).toBe(one.join(''));
    const whole = text('x') + text('y') + text('z') + finish;
    const split = [whole.slice(0, 30), whole.slice(30, 95), whole.slice(95)];
    const out = await through(split);
    expect(
      deltas(out)
        .map((e) => e.choices[0].delta.content ?? '')
        .join(''),
    ).toBe('xyz');
  });

  it('leaves other responses alone, and never merges deltas carrying more than text', async () => {
    const json = new Response('{"a":1}', { headers: { 'content-type': 'application/json' } });
    expect(coalesceSse(json)).toBe(json);
    const reasoning = text('a', { reasoning: 'think' }) + text('b', { reasoning: 'more' });
    expect(await through([reasoning])).toBe(reasoning);
    const empty = text('a', { reasoning: null, reasoning_details: [] }) + text('b', { reasoning: null });
    expect(deltas(await through([empty]))).toHaveLength(1);
  });
});
