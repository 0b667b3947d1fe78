import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ToolResult } from '../../src/tools/tool-context.js';
import { ask, type Frame } from '../helpers/call-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import {
  startLlmSimulator,
  type LlmSimulator,
  type SimReply,
  type SimRequest,
} from '../sim/llm/llm-simulator.js';
import { SEED, startPlatformSimulator, type PlatformSimulator } from '../sim/platform/platform-simulator.js';

// Acceptance: the whole server, the LLM simulator playing the model and the platform simulator (strict: every
// request is checked against the OpenAPI files) behind it. Through POST /call/ask_stream + GET
// /call/ask_stream/{id}, the model creates a template, adds text, enum, date and record-link attributes, creates a
// record, reads it back, edits it and archives an attribute; the test checks the platform's state after each run
// and what the model was told.
const PASSWORD = 'Platform-Pass-7f3a';
const WRONG_PASSWORD = 'Wrong-Pass-91c2';

let llm: LlmSimulator;
let platform: PlatformSimulator;
/** No CMW_* settings: the request brings the platform URL, login and password. */
let bare: TestServer;
/** CMW_BASE_URL, CMW_LOGIN, CMW_PASSWORD point at the platform simulator. */
let configured: TestServer;

beforeAll(async () => {
  llm = await startLlmSimulator();
  platform = await startPlatformSimulator({
    strict: true,
    users: [{ login: 'analyst', password: PASSWORD }],
  });
  // The scripted conversation archives an attribute through /call: this file is about tool calls reaching the
  // platform, so nothing is held for a person here (approvals: approvals.test.ts).
  bare = await startTestServer(simEnv(llm.url, { STREAM_MAX_FPS: '1000', AGENT_APPROVAL: 'none' }));
  configured = await startTestServer(
    simEnv(llm.url, {
      STREAM_MAX_FPS: '1000',
      AGENT_APPROVAL: 'none',
      CMW_BASE_URL: platform.url,
      CMW_LOGIN: 'analyst',
      CMW_PASSWORD: PASSWORD,
    }),
  );
  await Promise.all([waitReady(bare.url), waitReady(configured.url)]);
});
afterAll(async () => {
  await Promise.all([bare.close(), configured.close()]);
  await llm.close();
  await platform.close();
});
beforeEach(() => {
  llm.reset();
  platform.reset();
});

/** The data of a successful tool result (fails the scenario otherwise). */
function dataOf(result: ToolResult | undefined): any {
  if (!result?.success) throw new Error(`Expected a successful tool result, got ${JSON.stringify(result)}.`);
  return result.data;
}

/** The tool results in one LLM request, in order. */
function toolResultsOf(request: SimRequest): ToolResult[] {
  return (request.body.messages as { role: string; content: string }[])
    .filter((m) => m.role === 'tool')
    .map((m) => JSON.parse(m.content) as ToolResult);
}

/** One tool call per model reply. */
function callTool(name: string, args: Record<string, unknown>): SimReply {
  return { toolCalls: [{ name, arguments: args }] };
}

const HR = { application_system_name: 'HR' };
const PROJECTS = { ...HR, template_system_name: 'Projects' };
const ENGINEERING = SEED.records.engineering;

/**
 * The model's side of the conversation: each step sees the tool results so far and answers one tool call (the
 * record id comes from the create result), the last one the final text.
 */
const STEPS: ((results: ToolResult[]) => SimReply)[] = [
  () =>
    callTool('edit_or_create_record_template', {
      ...HR,
      operation: 'create',
      system_name: 'Projects',
      name: 'Проекты',
    }),
  () =>
    callTool('edit_or_create_text_attribute', {
      ...PROJECTS,
      operation: 'create',
      system_name: 'Title',
      name: 'Название',
      display_format: 'PlainText',
      use_as_record_title: true,
    }),
  () =>
    callTool('edit_or_create_enum_attribute', {
      ...PROJECTS,
      operation: 'create',
      system_name: 'Stage',
      name: 'Этап',
      display_format: 'Badge',
      enum_values: [
        { system_name: 'planned', russian_name: 'Запланирован', english_name: 'Planned', color: '#9E9E9E' },
        { system_name: 'active', russian_name: 'В работе', english_name: 'Active', color: '#2196F3' },
        { system_name: 'done', russian_name: 'Завершён', english_name: 'Done', color: '#4CAF50' },
      ],
    }),
  () =>
    callTool('edit_or_create_date_time_attribute', {
      ...PROJECTS,
      operation: 'create',
      system_name: 'Deadline',
      name: 'Срок',
      display_format: 'ShortDate',
    }),
  () =>
    callTool('edit_or_create_record_attribute', {
      ...PROJECTS,
      operation: 'create',
      system_name: 'Department',
      name: 'Отдел',
      related_template_system_name: 'Departments',
    }),
  () =>
    callTool('create_edit_record', {
      ...PROJECTS,
      operation: 'create',
      values: { Title: 'Новый сайт', Stage: 'active', Deadline: '2025-12-31', Department: ENGINEERING },
    }),
  (results) =>
    callTool('get_record_values', {
      record_id: dataOf(results.at(-1)).record_id,
      attribute_system_names: ['Title', 'Stage', 'Deadline', 'Department'],
    }),
  (results) =>
    callTool('create_edit_record', {
      ...PROJECTS,
      operation: 'edit',
      record_id: dataOf(results.at(-1)).records[0].record_id,
      values: { Stage: 'done', Title: 'Новый сайт компании' },
    }),
  () =>
    callTool('archive_or_unarchive_attribute', {
      ...PROJECTS,
      operation: 'archive',
      system_name: 'Deadline',
    }),
  (results) => ({
    text: `Готово: шаблон «Проекты», запись ${String(dataOf(results[5]).record_id)} создана и изменена, атрибут «Срок» в архиве.`,
  }),
];

/** Runs the scripted conversation through /call/ask_stream and checks everything it should have done. */
async function runScenario(server: TestServer, data: string[]): Promise<void> {
  llm.setHandler((request, index) => STEPS[index]!(toolResultsOf(request)));
  const { frames, final } = await ask(server.url, data);

  // The answer completed, and the model saw every tool result, each a success.
  expect(final.event).toBe('complete');
  expect(String((final.data as string[])[0])).toMatch(/^Готово: шаблон «Проекты», запись \d+ создана/);
  expect(llm.requests).toHaveLength(STEPS.length);
  const results = toolResultsOf(llm.requests.at(-1)!);
  expect(results.map((r) => [r.success, r.status])).toEqual(Array(9).fill([true, 200]));
  expect(dataOf(results[0])).toMatchObject({
    operation: 'created',
    template: { alias: 'Projects', name: 'Проекты' },
  });
  expect(dataOf(results[2]).attribute).toMatchObject({ alias: 'Stage', type: 'Enum', format: 'Badge' });
  expect(dataOf(results[4]).attribute).toMatchObject({
    alias: 'Department',
    type: 'Instance',
    relatedTemplate: 'Departments',
  });
  const recordId = dataOf(results[5]).record_id as string;
  expect(dataOf(results[6])).toEqual({
    records: [
      {
        record_id: recordId,
        values: {
          Title: 'Новый сайт',
          Stage: expect.stringMatching(/^vv\.\d+$/),
          Deadline: '2025-12-31T00:00:00Z',
          Department: ENGINEERING,
        },
      },
    ],
  });
  expect(dataOf(results[7])).toMatchObject({
    operation: 'edited',
    record_id: recordId,
    values: { Title: 'Новый сайт компании' },
  });
  expect(dataOf(results[8])).toEqual({ attribute: 'Deadline', template: 'Projects', archived: true });

  // The platform's state shows each change.
  const { state } = platform;
  const hr = state.solutionByAlias('HR')!;
  const projects = state.templateByAlias(hr.id, 'Projects')!;
  expect(projects.model).toMatchObject({ name: 'Проекты' });
  const attribute = (alias: string) => state.childByAlias(state.attributes, projects.id, alias)!;
  expect(attribute('Title').model).toMatchObject({ type: 'String', format: 'PlainText', isTitle: true });
  expect(attribute('Stage').model).toMatchObject({ type: 'Enum', format: 'Badge' });
  expect([...attribute('Stage').variantIds.keys()]).toEqual(['planned', 'active', 'done']);
  expect(attribute('Deadline').model).toMatchObject({
    type: 'DateTime',
    format: 'ShortDate',
    isDisabled: true,
  });
  expect(attribute('Department').model).toMatchObject({
    type: 'Instance',
    instanceGlobalAlias: { type: 'RecordTemplate', alias: 'Departments' },
  });
  const record = state.records.get(recordId)!;
  expect(record.templateId).toBe(projects.id);
  expect(Object.fromEntries(record.values)).toEqual({
    Title: 'Новый сайт компании',
    Stage: attribute('Stage').variantIds.get('done'),
    Deadline: '2025-12-31T00:00:00Z',
    Department: ENGINEERING,
  });

  // Every platform request was made as the analyst and conformed to the OpenAPI files.
  expect(platform.violations.filter((v) => v.kind !== 'response')).toEqual([]);
  expect(new Set(platform.requests.map((r) => r.login))).toEqual(new Set(['analyst']));

  // The password is nowhere in what the server wrote or streamed, nor in what the model was sent.
  expectNoSecret(server, frames, PASSWORD);
}

function expectNoSecret(server: TestServer, frames: Frame[], secret: string): void {
  expect(server.logText()).toMatch(/ask_stream/);
  const everything = [
    JSON.stringify(frames),
    server.logText(),
    JSON.stringify(llm.requests.map((r): unknown => r.body)),
  ].join('\n');
  expect(everything).not.toContain(secret);
  expect(everything).not.toContain(Buffer.from(`analyst:${secret}`).toString('base64'));
}

describe('the agent builds on the platform through /call/ask_stream', () => {
  it('with the platform URL, login and password in data[1..3]', async () => {
    await runScenario(bare, [
      'Создай в HR шаблон «Проекты» с атрибутами, добавь запись, проверь и измени её, срок — в архив.',
      'analyst',
      PASSWORD,
      platform.url,
    ]);
  });

  it('with the server defaults CMW_BASE_URL, CMW_LOGIN and CMW_PASSWORD', async () => {
    await runScenario(configured, ['Создай в HR шаблон «Проекты»… (same task)']);
  });

  it('a wrong password reaches the model as a clear 401 and the answer completes', async () => {
    llm.script(
      callTool('edit_or_create_record_template', {
        ...HR,
        operation: 'create',
        system_name: 'Projects',
        name: 'x',
      }),
      { text: 'Платформа отклонила логин или пароль — проверьте их в настройках.' },
    );
    const { frames, final } = await ask(bare.url, ['Создай шаблон', 'analyst', WRONG_PASSWORD, platform.url]);
    expect(final).toMatchObject({
      event: 'complete',
      data: ['Платформа отклонила логин или пароль — проверьте их в настройках.'],
    });
    expect(toolResultsOf(llm.requests.at(-1)!)).toEqual([
      {
        success: false,
        status: 401,
        error: expect.stringMatching(/rejected the login or password \(HTTP 401\)/),
      },
    ]);
    expect(platform.requests.map((r) => r.status)).toEqual([401]);
    const hr = platform.state.solutionByAlias('HR')!;
    expect(platform.state.templateByAlias(hr.id, 'Projects')).toBeUndefined();
    expectNoSecret(bare, frames, WRONG_PASSWORD);
    expectNoSecret(bare, frames, PASSWORD);
  });
});
