import { describe, expect, it } from 'vitest';
import type { WireEvent } from '../helpers/native-client.js';
import { useAgentOnPlatform } from '../helpers/agent-on-platform.js';

/**
 * The agent loop's guarantees on tool calls, as the original had them: identical calls of one step reach the
 * platform once; writes of one step never run at the same time.
 */
const PASSWORD = 'tool-calls-test-password';
const agent = useAgentOnPlatform(PASSWORD);
const ask = (question: string) => agent.ask(question);

const ends = (events: WireEvent[]) =>
  events.filter((e) => e.data.type === 'tool-call-end').map((e) => e.data);
const templateLists = () =>
  agent.platform.requests.filter((r) => /webapi\/RecordTemplate\/List/i.test(r.decodedPath));
const HR = { application_system_name: 'HR' };

describe('tool calls of one step', () => {
  it('identical calls reach the platform once and each gets the result; the same call in a later step runs again', async () => {
    agent.llm.script(
      {
        toolCalls: [
          { id: 'call_a', name: 'list_templates', arguments: HR },
          // Deep-equal input, keys in another order.
          { id: 'call_b', name: 'list_templates', arguments: { application_system_name: 'HR' } },
          { id: 'call_c', name: 'list_templates', arguments: { application_system_name: 'Fleet' } },
        ],
      },
      { toolCalls: [{ id: 'call_d', name: 'list_templates', arguments: HR }] },
      { text: 'Done.' },
    );
    const events = await ask('Which templates?');
    const results = ends(events);
    expect(results.map((r) => r.toolCallId)).toEqual(['call_a', 'call_b', 'call_c', 'call_d']);
    expect(results[1]!.output).toEqual(results[0]!.output);
    expect(results[0]!.output).toMatchObject({ success: true });
    // HR once in the first step (and once more in the second), Fleet once.
    const apps = templateLists().map((r) => r.decodedPath.split('/').at(-1));
    expect(apps.sort()).toEqual(['Fleet', 'HR', 'HR']);
    // The model got a result for each of its calls.
    const toolMessages = (
      agent.llm.requests[1]!.body as { messages: { role: string; tool_call_id?: string }[] }
    ).messages
      .filter((m) => m.role === 'tool')
      .map((m) => m.tool_call_id);
    expect(toolMessages).toEqual(['call_a', 'call_b', 'call_c']);
  });

  it('writes run one after another, in the order the model made them', async () => {
    const attribute = (name: string) => ({
      operation: 'create',
      ...HR,
      template_system_name: 'Employees',
      system_name: name,
      name,
    });
    agent.llm.script(
      {
        toolCalls: [
          { name: 'edit_or_create_text_attribute', arguments: attribute('Mobile') },
          { name: 'edit_or_create_text_attribute', arguments: attribute('Fax') },
        ],
      },
      { text: 'Both added.' },
    );
    const LATENCY_MS = 400;
    agent.platform.setLatency(LATENCY_MS);
    try {
      const results = ends(await ask('Add Mobile and Fax to Employees.'));
      expect(results.map((r) => r.output)).toMatchObject([{ success: true }, { success: true }]);
    } finally {
      agent.platform.setLatency(0);
    }
    const posts = agent.platform.requests.filter(
      (r) => r.method === 'POST' && /webapi\/Attribute\/HR$/i.test(r.decodedPath),
    );
    expect(posts.map((p) => (p.body as { alias?: string }).alias ?? JSON.stringify(p.body))).toEqual([
      expect.stringContaining('Mobile'),
      expect.stringContaining('Fax'),
    ]);
    // The second write left only once the first was answered (each answer takes LATENCY_MS).
    expect(posts[1]!.receivedAt - posts[0]!.receivedAt).toBeGreaterThanOrEqual(LATENCY_MS - 20);
  });
});
