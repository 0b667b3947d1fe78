import { describe, expect, it } from 'vitest';
import { promptSize } from '../helpers/prompt-size.js';
import { useAgentOnPlatform } from '../helpers/agent-on-platform.js';
import { TOOL_DEFINITIONS } from '../../src/tools/tool-registry.js';

/**
 * What every LLM call costs: the first call of a turn stays within 32 KiB of JSON and 8,000 tokens (o200k), so
 * the budget cannot creep back; the tools not offered at first are listed, loaded on demand and reached in the
 * same turn.
 */
const FIRST_CALL_MAX_BYTES = 32 * 1024;
const FIRST_CALL_MAX_TOKENS = 8000;
const PASSWORD = 'budget-test-password';

const agent = useAgentOnPlatform(PASSWORD);
const ask = (question: string) => agent.ask(question);

type Body = { tools: { function: { name: string; description: string } }[]; messages: unknown[] };
const offered = (i: number) => (agent.llm.requests[i]!.body as Body).tools.map((t) => t.function.name);

describe('the LLM call budget', () => {
  it('the first call of a turn: at most 32 KiB of JSON and 8,000 tokens, with every tool named', async () => {
    await ask('Which applications are there? Какие есть приложения?');
    const size = promptSize(agent.llm.requests[0]!.body);
    expect(size.bytes).toBeLessThanOrEqual(FIRST_CALL_MAX_BYTES);
    expect(size.tokens).toBeLessThanOrEqual(FIRST_CALL_MAX_TOKENS);
    // Every tool is either offered or listed, by name, in load_tools.
    const body = agent.llm.requests[0]!.body as Body;
    const loader = body.tools.find((t) => t.function.name === 'load_tools')!;
    for (const d of TOOL_DEFINITIONS) {
      const seen = offered(0).includes(d.name) || loader.function.description.includes(`- ${d.name}: `);
      expect(seen, d.name).toBe(true);
    }
  });

  it('a write tool is loaded on demand and reaches the platform in the same turn', async () => {
    const args = {
      operation: 'create',
      application_system_name: 'HR',
      template_system_name: 'Employees',
      system_name: 'Mobile',
      name: 'Mobile',
    };
    agent.llm.script(
      { toolCalls: [{ name: 'load_tools', arguments: { names: ['edit_or_create_text_attribute'] } }] },
      { toolCalls: [{ name: 'edit_or_create_text_attribute', arguments: args }] },
      { text: 'Employees has a Mobile attribute now.' },
    );
    const events = await ask('Add a Mobile text attribute to Employees in HR.');
    expect(offered(0)).not.toContain('edit_or_create_text_attribute');
    expect(offered(1)).toContain('edit_or_create_text_attribute');
    expect(offered(2)).toContain('edit_or_create_text_attribute');
    // The order of the tools never changes: the loaded one joins in its registry place.
    expect(offered(1).filter((n) => offered(0).includes(n))).toEqual(offered(0));
    const results = events.filter((e) => e.data.type === 'tool-call-end');
    expect(results.map((e) => e.data.toolName)).toEqual(['load_tools', 'edit_or_create_text_attribute']);
    expect(results[1]!.data.output).toMatchObject({ success: true });
    expect(
      agent.platform.requests.some(
        (r) => r.method === 'POST' && r.path.toLowerCase().includes('/webapi/attribute/hr'),
      ),
    ).toBe(true);
  });

  it('load_tools names what it does not know; a tool called without loading still runs and is offered after', async () => {
    agent.llm.script(
      { toolCalls: [{ name: 'load_tools', arguments: { names: ['no_such_tool', 'list_forms'] } }] },
      {
        toolCalls: [
          { name: 'get_dataset', arguments: { application_system_name: 'HR', dataset_system_name: 'x' } },
        ],
      },
      { text: 'Done.' },
    );
    const events = await ask('Look at a dataset.');
    const results = events.filter((e) => e.data.type === 'tool-call-end').map((e) => e.data.output);
    expect(results[0]).toMatchObject({ success: false, error: expect.stringMatching(/no_such_tool/) });
    // list_forms is offered already: nothing to load.
    expect(results[0]).toMatchObject({ data: { loaded: [] } });
    expect(offered(1)).not.toContain('get_dataset');
    expect(offered(2)).toContain('get_dataset');
  });
});
