/**
 * What each LLM call of the agent carries: `npx tsx bench/measure-prompt-tokens.ts` starts the LLM and platform
 * simulators and the real server in this process, asks one question (the first call of a turn) and runs a typical
 * 3-step platform task (list the applications, list a template's attributes, create an attribute — and, when
 * writes are loaded on demand, load the write tool first — then answer),
 * and prints the size of every LLM request: JSON bytes and o200k_base tokens, of which tools. Prints markdown.
 */
import { markdownTable } from './markdown-table.js';
import { promptSize, type PromptSize } from '../test/helpers/prompt-size.js';
import { newClientKey, readEvents, startRun } from '../test/helpers/native-client.js';
import { startLlmSimulator, type SimReply } from '../test/sim/llm/llm-simulator.js';
import { startPlatformSimulator } from '../test/sim/platform/platform-simulator.js';
import { startBenchServer } from './start-bench-server.js';

const llm = await startLlmSimulator();
const platform = await startPlatformSimulator({ users: [{ login: 'analyst', password: 'bench-password' }] });
const server = await startBenchServer(llm.url, {
  CMW_BASE_URL: platform.url,
  CMW_LOGIN: 'analyst',
  CMW_PASSWORD: 'bench-password',
});

/** Asks `question` with `replies` scripted for the model; the sizes of the LLM requests of that turn. */
async function turn(question: string, replies: SimReply[]): Promise<PromptSize[]> {
  llm.reset();
  llm.script(...replies);
  const key = newClientKey();
  const { run_id } = await startRun(server.url, key, { question });
  const { events } = await readEvents(server.url, key, run_id);
  const end = events.at(-1)?.data;
  if (end?.type !== 'run-end' || end.status !== 'completed')
    throw new Error(`the turn ended ${JSON.stringify(end)}`);
  const failed = llm.requests
    .flatMap((r) => (r.body as { messages: { role: string; content: unknown }[] }).messages)
    .filter((m) => m.role === 'tool' && String(m.content).includes('"success":false'));
  if (failed.length > 0) throw new Error(`a tool call failed: ${String(failed[0]!.content)}`);
  return llm.requests.map((r) => promptSize(r.body));
}

const call = (name: string, args: Record<string, unknown>): SimReply => ({
  toolCalls: [{ name, arguments: args }],
});

try {
  const [first] = await turn('Which applications are there?', [{ text: 'There are two applications.' }]);
  const task = await turn('Add a Mobile text attribute to Employees in HR.', TASK_REPLIES());
  const rows = [
    row('First call of a turn (one question, no history)', first!),
    ...task.map((size, i) => row(`3-step task: call ${i + 1} of ${task.length}`, size)),
    row('3-step task: all calls', sum(task)),
  ];
  console.log(
    markdownTable(
      ['LLM request', 'JSON bytes', 'tokens (o200k)', 'of which tools: bytes / tokens', 'tools'],
      rows,
    ),
  );
} finally {
  await server.close();
  await platform.close();
  await llm.close();
}

/** The model's side of the 3-step task: the calls an analyst's request takes, then the answer. */
function TASK_REPLIES(): SimReply[] {
  const app = { application_system_name: 'HR' };
  return [
    call('list_applications', {}),
    call('list_attributes', { ...app, template_system_name: 'Employees' }),
    // Writes are loaded on demand (src/tools/tool-loadout.ts).
    call('load_tools', { names: ['edit_or_create_text_attribute'] }),
    call('edit_or_create_text_attribute', {
      operation: 'create',
      ...app,
      template_system_name: 'Employees',
      system_name: 'Mobile',
      name: 'Mobile',
    }),
    { text: 'Done: Employees has a Mobile attribute now.' },
  ];
}

function row(label: string, s: PromptSize): string[] {
  const n = (x: number) => x.toLocaleString('en-US');
  return [label, n(s.bytes), n(s.tokens), `${n(s.toolBytes)} / ${n(s.toolTokens)}`, String(s.toolCount)];
}

function sum(sizes: PromptSize[]): PromptSize {
  const total = (key: keyof PromptSize) => sizes.reduce((a, s) => a + s[key], 0);
  return {
    bytes: total('bytes'),
    tokens: total('tokens'),
    toolBytes: total('toolBytes'),
    toolTokens: total('toolTokens'),
    toolCount: total('toolCount'),
  };
}
