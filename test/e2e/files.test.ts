import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeCp1251Csv, makeDocx, makePdf, makePptx, makeXlsx } from '../helpers/make-documents.js';
import { api, newClientKey, readEvents, startRun, type WireData } from '../helpers/native-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { SEED, startPlatformSimulator } from '../sim/platform/platform-simulator.js';

// Uploads into a conversation (multipart, real bytes of real formats), and the file tools reading them in a run.
let llm: LlmSimulator;
let server: TestServer;

beforeAll(async () => {
  llm = await startLlmSimulator();
  server = await startTestServer(
    simEnv(llm.url, { UPLOAD_MAX_BYTES: '200000', UPLOAD_MAX_FILES_PER_SESSION: '6' }),
  );
  await waitReady(server.url);
});

afterAll(async () => {
  await server.close();
  await llm.close();
});

beforeEach(() => llm.reset());

interface Upload {
  readonly name: string;
  readonly bytes: Buffer;
  /** What the client claims; the server sniffs instead. */
  readonly type?: string;
}

async function upload(key: string | null, files: Upload[], sessionId?: string, s: TestServer = server) {
  const form = new FormData();
  if (sessionId !== undefined) form.append('session_id', sessionId);
  for (const f of files)
    form.append('file', new Blob([f.bytes], { type: f.type ?? 'application/octet-stream' }), f.name);
  const response = await fetch(`${s.url}/api/files`, {
    method: 'POST',
    headers: key === null ? {} : { 'x-client-key': key },
    body: form,
  });
  return { status: response.status, json: (await response.json()) as any };
}

const namesOf = (files: unknown) => (files as { name: string }[]).map((f) => f.name);

const CSV = makeCp1251Csv('ФИО;Отдел;Оклад\nИванов;ИТ;120000\nПетрова;HR;95000\nСидоров;ИТ;130000\n');

describe('uploads', () => {
  it('stores files in a new session with sanitised names and sniffed types, for their owner only', async () => {
    const key = newClientKey();
    const xlsx = await makeXlsx({
      Staff: [
        ['Name', 'Age'],
        ['Ivanov', 41],
      ],
    });
    const posted = await upload(key, [
      { name: '../../сотрудники.csv', bytes: CSV, type: 'application/pdf' },
      { name: 'staff.xlsx', bytes: xlsx },
    ]);
    expect(posted.status).toBe(201);
    expect(posted.json.session_id).toMatch(/^[0-9a-f]{32}$/);
    expect(posted.json.files).toEqual([
      expect.objectContaining({ name: 'сотрудники.csv', size: CSV.length, media_type: 'text/csv' }),
      expect.objectContaining({
        name: 'staff.xlsx',
        media_type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }),
    ]);
    const session = posted.json.session_id as string;
    const [csv] = posted.json.files as { id: string }[];

    const listed = await api(server.url, key, 'GET', `/api/sessions/${session}/files`);
    expect(namesOf(listed.json.files)).toEqual(['сотрудники.csv', 'staff.xlsx']);
    const download = await fetch(`${server.url}/api/files/${csv!.id}`, { headers: { 'x-client-key': key } });
    expect(download.headers.get('content-type')).toBe('text/csv');
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''%D1%81%D0%BE");
    expect(Buffer.from(await download.arrayBuffer()).equals(CSV)).toBe(true);

    const stranger = newClientKey();
    expect((await api(server.url, stranger, 'GET', `/api/sessions/${session}/files`)).status).toBe(404);
    expect((await api(server.url, stranger, 'GET', `/api/files/${csv!.id}`)).status).toBe(404);
    expect((await api(server.url, stranger, 'DELETE', `/api/files/${csv!.id}`)).json.error.code).toBe(
      'UNKNOWN_FILE',
    );
    expect((await upload(stranger, [{ name: 'x.txt', bytes: Buffer.from('x') }], session)).status).toBe(404);
    expect((await upload(null, [{ name: 'x.txt', bytes: Buffer.from('x') }])).status).toBe(401);

    expect((await api(server.url, key, 'DELETE', `/api/files/${csv!.id}`)).status).toBe(204);
    expect((await api(server.url, key, 'GET', `/api/files/${csv!.id}`)).status).toBe(404);
    expect((await api(server.url, key, 'DELETE', `/api/sessions/${session}`)).status).toBeLessThan(300);
    const [, xlsxFile] = posted.json.files as { id: string }[];
    expect((await api(server.url, key, 'GET', `/api/files/${xlsxFile!.id}`)).status).toBe(404);
  });

  it('refuses a file over UPLOAD_MAX_BYTES with 413 and stores nothing of the request', async () => {
    const key = newClientKey();
    const first = await upload(key, [{ name: 'a.txt', bytes: Buffer.from('kept') }]);
    const session = first.json.session_id as string;
    const big = await upload(
      key,
      [
        { name: 'b.txt', bytes: Buffer.from('small') },
        { name: 'huge.bin', bytes: Buffer.alloc(200_001, 7) },
      ],
      session,
    );
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('FILE_TOO_LARGE');
    const listed = await api(server.url, key, 'GET', `/api/sessions/${session}/files`);
    expect(namesOf(listed.json.files)).toEqual(['a.txt']);
  });

  it('refuses more than UPLOAD_MAX_FILES_PER_SESSION files with 409, storing none of the request', async () => {
    const key = newClientKey();
    const files = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `f${i}.txt`, bytes: Buffer.from(`${i}`) }));
    const first = await upload(key, files(4));
    const refused = await upload(key, files(3), first.json.session_id as string);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('TOO_MANY_FILES');
    const listed = await api(
      server.url,
      key,
      'GET',
      `/api/sessions/${first.json.session_id as string}/files`,
    );
    expect(listed.json.files).toHaveLength(4);
  });

  it('is multipart only', async () => {
    const r = await api(server.url, newClientKey(), 'POST', '/api/files', { file: 'x' });
    expect(r.status).toBe(415);
  });
});

describe('the file tools in a run', () => {
  it('tell the model the conversation’s files and read CSV, Excel, DOCX and PDF', async () => {
    const key = newClientKey();
    const posted = await upload(key, [
      { name: 'staff.csv', bytes: CSV },
      {
        name: 'budget.xlsx',
        bytes: await makeXlsx({
          'Бюджет Q1': [
            ['Статья', 'Сумма'],
            ['Серверы', 1500],
            ['Лицензии', 700],
          ],
          Заметки: [['Текст'], ['согласовано']],
        }),
      },
      {
        name: 'spec.docx',
        bytes: await makeDocx(['Requirements', 'The template Deals has an amount and a stage.']),
      },
      { name: 'contract.pdf', bytes: makePdf('Contract number 42') },
    ]);
    const session = posted.json.session_id as string;
    const call = (name: string, args: Record<string, unknown>) => ({
      toolCalls: [{ name, arguments: args }],
    });
    llm.script(
      call('analyze_csv_file', { filename: 'staff.csv', query: 'average salary' }),
      call('analyze_excel_file', { filename: 'budget.xlsx' }),
      call('read_text_based_file', { filename: 'spec.docx' }),
      call('read_text_based_file', { filename: (posted.json.files as { id: string }[])[3]!.id }),
      call('read_text_based_file', { filename: 'missing.txt' }),
      { text: 'Read them all.' },
    );
    const { run_id } = await startRun(server.url, key, {
      question: 'What is in my files?',
      session_id: session,
    });
    const events = (await readEvents(server.url, key, run_id)).events.map((e) => e.data);
    expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'completed' });

    const first = llm.requests[0]!;
    const user = JSON.stringify((first.body.messages as { role: string }[]).find((m) => m.role === 'user'));
    expect(user).toMatch(/<conversation_files>.*staff\.csv \(text\/csv.*spec\.docx/);
    const offered = ((first.body.tools ?? []) as { function: { name: string } }[]).map(
      (t) => t.function.name,
    );
    expect(offered).toEqual(
      expect.arrayContaining(['read_text_based_file', 'analyze_csv_file', 'analyze_excel_file']),
    );

    const outputs = events
      .filter((e) => e.type === 'tool-call-end')
      .map((e) => (e as WireData & { output: { success: boolean; data?: any; error?: string } }).output);
    const [csv, excel, docx, pdf, missing] = outputs;
    expect(csv!.data).toMatchObject({
      encoding: 'windows-1251',
      delimiter: ';',
      rows: 3,
      query: 'average salary',
    });
    expect(csv!.data.columns).toContainEqual(
      expect.objectContaining({ name: 'Оклад', type: 'number', min: 95000, max: 130000 }),
    );
    expect(csv!.data.columns).toContainEqual(
      expect.objectContaining({
        name: 'Отдел',
        top: [
          { value: 'ИТ', count: 2 },
          { value: 'HR', count: 1 },
        ],
      }),
    );
    expect((excel!.data.sheets as { name: string; rows: number }[]).map((s) => [s.name, s.rows])).toEqual([
      ['Бюджет Q1', 2],
      ['Заметки', 1],
    ]);
    expect(excel!.data.sheets[0].columns).toContainEqual(
      expect.objectContaining({ name: 'Сумма', type: 'number', mean: 1100 }),
    );
    expect(docx!.data.text).toContain('The template Deals has an amount and a stage.');
    expect(pdf!.data.text).toContain('Contract number 42');
    expect(missing).toMatchObject({ success: false, status: 404 });
    expect(missing!.error).toMatch(/staff\.csv, budget\.xlsx, spec\.docx, contract\.pdf/);
  });

  it('extract_images keeps the images a DOCX embeds among the conversation’s files', async () => {
    const key = newClientKey();
    const picture = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const posted = await upload(key, [
      {
        name: 'spec.docx',
        bytes: await makeDocx(['See the diagram.'], [{ name: 'image1.png', bytes: picture }]),
      },
    ]);
    const session = posted.json.session_id as string;
    llm.script(
      {
        toolCalls: [
          { name: 'read_text_based_file', arguments: { filename: 'spec.docx', extract_images: true } },
        ],
      },
      { text: 'Done.' },
    );
    const { run_id } = await startRun(server.url, key, { question: 'Read it', session_id: session });
    const events = (await readEvents(server.url, key, run_id)).events.map((e) => e.data);
    const output = (events.find((e) => e.type === 'tool-call-end') as WireData & { output: { data: any } })
      .output;
    expect(output.data.text).toContain('See the diagram.');
    expect(output.data.images.saved).toEqual([expect.objectContaining({ name: 'spec-image1.png' })]);
    const listed = await api(server.url, key, 'GET', `/api/sessions/${session}/files`);
    expect(namesOf(listed.json.files)).toEqual(['spec.docx', 'spec-image1.png']);
    const kept = await fetch(`${server.url}/api/files/${String(output.data.images.saved[0].id)}`, {
      headers: { 'x-client-key': key },
    });
    expect(kept.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await kept.arrayBuffer()).equals(picture)).toBe(true);
  });

  it('reads a PPTX slide by slide, and pages a long document with offset', async () => {
    const key = newClientKey();
    const long = `${'Lorem ipsum dolor sit amet. '.repeat(1000)}THE END`;
    const posted = await upload(key, [
      { name: 'deck.pptx', bytes: await makePptx([['Roadmap', 'Q1: CRM'], ['Risks & issues']]) },
      { name: 'long.txt', bytes: Buffer.from(long) },
    ]);
    llm.script(
      { toolCalls: [{ name: 'read_text_based_file', arguments: { filename: 'deck.pptx' } }] },
      { toolCalls: [{ name: 'read_text_based_file', arguments: { filename: 'long.txt' } }] },
      { toolCalls: [{ name: 'read_text_based_file', arguments: { filename: 'long.txt', offset: 20_000 } }] },
      { text: 'Done.' },
    );
    const { run_id } = await startRun(server.url, key, {
      question: 'Read them',
      session_id: posted.json.session_id as string,
    });
    const outputs = (await readEvents(server.url, key, run_id)).events
      .filter((e) => e.data.type === 'tool-call-end')
      .map((e) => (e.data as WireData & { output: { data: { text: string; note?: string } } }).output.data);
    expect(outputs[0]!.text).toBe('--- slide 1 ---\nRoadmap\nQ1: CRM\n\n--- slide 2 ---\nRisks & issues');
    expect(outputs[1]!.text).toHaveLength(20_000);
    expect(outputs[1]!.note).toMatch(/call again with offset 20000/);
    expect(outputs[2]!.text.endsWith('THE END')).toBe(true);
  });

  it('another conversation’s files are not reachable, by name or by id', async () => {
    const owner = newClientKey();
    const theirs = await upload(owner, [{ name: 'secret.txt', bytes: Buffer.from('top secret') }]);
    const mine = await upload(owner, [{ name: 'mine.txt', bytes: Buffer.from('mine') }]);
    llm.script(
      { toolCalls: [{ name: 'read_text_based_file', arguments: { filename: 'secret.txt' } }] },
      {
        toolCalls: [
          {
            name: 'read_text_based_file',
            arguments: { filename: (theirs.json.files as { id: string }[])[0]!.id },
          },
        ],
      },
      { text: 'Nothing.' },
    );
    const { run_id } = await startRun(server.url, owner, {
      question: 'read',
      session_id: mine.json.session_id as string,
    });
    const events = (await readEvents(server.url, owner, run_id)).events.map((e) => e.data);
    const outputs = events.filter((e) => e.type === 'tool-call-end').map((e) => JSON.stringify(e.output));
    expect(outputs).toHaveLength(2);
    for (const o of outputs) {
      expect(o).toContain('"status":404');
      expect(o).not.toContain('top secret');
    }
  });
});

describe('files in OpenAI chat messages', () => {
  it('file and image_url parts with data: URLs go into the conversation, where the file tools read them', async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const docx = await makeDocx(['Deals need an amount, a stage and a client.']);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    llm.script(
      { toolCalls: [{ name: 'read_text_based_file', arguments: { filename: 'deals.docx' } }] },
      { text: 'A Deals template with amount, stage and client.' },
      { toolCalls: [{ name: 'read_text_based_file', arguments: { filename: 'deals.docx' } }] },
      { text: 'Still there.' },
    );
    const ask = (content: OpenAI.Chat.ChatCompletionContentPart[] | string) =>
      client.chat.completions.create({
        model: 'sim-model',
        messages: [{ role: 'user', content }],
        metadata: { session_id: 'files-in-chat-1' },
      });
    const first = await ask([
      { type: 'text', text: 'What does the spec ask for?' },
      {
        type: 'file',
        file: {
          filename: 'deals.docx',
          file_data: `data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,${docx.toString('base64')}`,
        },
      },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}` } },
    ]);
    expect(first.choices[0]!.message.content).toBe('A Deals template with amount, stage and client.');
    const told = JSON.stringify(llm.requests[0]!.body.messages);
    expect(told).toMatch(/<conversation_files>.*deals\.docx.*attachment-3\.png \(image\/png/);
    expect(JSON.stringify(llm.requests[1]!.body.messages)).toContain(
      'Deals need an amount, a stage and a client.',
    );

    // The next question of the same conversation still has the file.
    expect((await ask('And again?')).choices[0]!.message.content).toBe('Still there.');
    expect(JSON.stringify(llm.requests[3]!.body.messages)).toContain('Deals need an amount');
  });

  it('leaves a remote image URL out (it is not fetched) and refuses a file id with a 400 naming the part', async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    llm.script({ text: 'No image seen.' });
    const remote = await client.chat.completions.create({
      model: 'sim-model',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          ],
        },
      ],
    });
    expect(remote.choices[0]!.message.content).toBe('No image seen.');
    expect(JSON.stringify(llm.requests[0]!.body.messages)).not.toContain('conversation_files');
    const error = (await client.chat.completions
      .create({
        model: 'sim-model',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'read' },
              { type: 'file', file: { file_id: 'file-abc' } },
            ],
          },
        ],
      })
      .catch((e: unknown) => e)) as { status: number; param: string };
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages[0].content[1]');
  });
});

describe('platform file tools and the conversation’s files', () => {
  it('attach an uploaded file to a record by its name, and keep a fetched file for the next tool', async () => {
    const platform = await startPlatformSimulator({ users: [{ login: 'analyst', password: 'pw-files-1' }] });
    const withPlatform = await startTestServer(
      simEnv(llm.url, { CMW_BASE_URL: platform.url, CMW_LOGIN: 'analyst', CMW_PASSWORD: 'pw-files-1' }),
    );
    try {
      await waitReady(withPlatform.url);
      const key = newClientKey();
      const pdf = makePdf('Contract number 42');
      const posted = await upload(key, [{ name: 'contract.pdf', bytes: pdf }], undefined, withPlatform);
      const session = posted.json.session_id as string;
      const smith = SEED.records.smith;
      llm.script(
        {
          toolCalls: [
            {
              name: 'attach_file_to_record_document_attribute',
              arguments: { record_id: smith, attribute_system_name: 'Contract', filename: 'contract.pdf' },
            },
          ],
        },
        {
          toolCalls: [
            {
              name: 'fetch_record_document_file',
              arguments: { record_id: smith, document_attribute_system_name: 'Contract' },
            },
          ],
        },
        { text: 'Attached and fetched.' },
      );
      const { run_id } = await startRun(withPlatform.url, key, {
        question: 'Attach the contract',
        session_id: session,
      });
      const events = (await readEvents(withPlatform.url, key, run_id)).events.map((e) => e.data);
      const [attached, fetched] = events
        .filter((e) => e.type === 'tool-call-end')
        .map((e) => (e as WireData & { output: { success: boolean; data: any } }).output);
      expect(attached).toMatchObject({
        success: true,
        data: { file_name: 'contract.pdf', size_bytes: pdf.length },
      });
      const sent = platform.requests.find((r) => r.decodedPath.endsWith('/SetObjectDocument'))!.body as {
        fileData: number[];
      };
      expect(Buffer.from(sent.fileData).equals(pdf)).toBe(true);
      expect(fetched!.data.saved_as).toMatchObject({ name: 'contract.pdf' });
      const listed = await api(withPlatform.url, key, 'GET', `/api/sessions/${session}/files`);
      expect(namesOf(listed.json.files)).toEqual(['contract.pdf', 'contract.pdf']);
      const kept = await fetch(`${withPlatform.url}/api/files/${String(fetched!.data.saved_as.id)}`, {
        headers: { 'x-client-key': key },
      });
      expect(Buffer.from(await kept.arrayBuffer()).equals(pdf)).toBe(true);
    } finally {
      await withPlatform.close();
      await platform.close();
    }
  });
});

describe('uploaded images', () => {
  const png = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
  ]);
  const userContent = (request: { body: { messages: { role: string; content: unknown }[] } }) =>
    request.body.messages.filter((m) => m.role === 'user').at(-1)!.content;

  it('go to a model that takes images as image parts, with the question they came with only', async () => {
    const vision = await startLlmSimulator({
      models: [{ id: 'sim-vision', input_modalities: ['text', 'image'] }],
    });
    const s = await startTestServer(simEnv(vision.url));
    try {
      await waitReady(s.url);
      const key = newClientKey();
      const posted = await upload(key, [{ name: 'screen.png', bytes: png }], undefined, s);
      const session = posted.json.session_id as string;
      vision.script({ text: 'A form with two fields.' }, { text: 'Still the form.' });
      for (const question of ['What is on the screenshot?', 'And now?']) {
        const { run_id } = await startRun(s.url, key, { question, session_id: session });
        await readEvents(s.url, key, run_id);
      }
      const first = JSON.stringify(userContent(vision.requests[0]!));
      expect(first).toContain(`data:image/png;base64,${png.toString('base64')}`);
      expect(first).toContain('What is on the screenshot?');
      // The next question does not send it again; history keeps the text.
      expect(JSON.stringify(vision.requests[1]!.body.messages)).not.toContain(png.toString('base64'));
    } finally {
      await s.close();
      await vision.close();
    }
  });

  it('are only named to a model that does not say it takes images', async () => {
    const key = newClientKey();
    const posted = await upload(key, [{ name: 'screen.png', bytes: png }]);
    llm.script({ text: 'I cannot see images.' });
    const { run_id } = await startRun(server.url, key, {
      question: 'Look',
      session_id: posted.json.session_id as string,
    });
    await readEvents(server.url, key, run_id);
    const content = JSON.stringify(userContent(llm.requests[0]!));
    expect(content).toContain('screen.png (image/png');
    expect(content).not.toContain('base64');
  });
});

describe('a template from a spreadsheet, and hostile files', () => {
  let platform: Awaited<ReturnType<typeof startPlatformSimulator>>;
  let s: TestServer;

  beforeAll(async () => {
    platform = await startPlatformSimulator({ users: [{ login: 'analyst', password: 'pw-files-2' }] });
    s = await startTestServer(
      simEnv(llm.url, { CMW_BASE_URL: platform.url, CMW_LOGIN: 'analyst', CMW_PASSWORD: 'pw-files-2' }),
    );
    await waitReady(s.url);
  });

  afterAll(async () => {
    await s.close();
    await platform.close();
  });

  /** Runs one question in a session holding `files`; returns the tool outputs and the session. */
  async function runWith(files: Upload[], question: string) {
    const key = newClientKey();
    const posted = await upload(key, files, undefined, s);
    const { run_id } = await startRun(s.url, key, { question, session_id: posted.json.session_id as string });
    const events = (await readEvents(s.url, key, run_id)).events.map((e) => e.data);
    expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'completed' });
    return events
      .filter((e) => e.type === 'tool-call-end')
      .map(
        (e) =>
          (e as WireData & { output: { success: boolean; status: number; data?: any; error?: string } })
            .output,
      );
  }

  it('creates a template with attributes from the spreadsheet’s columns, on the platform', async () => {
    const xlsx = await makeXlsx({
      Кандидаты: [
        ['ФИО', 'Стаж'],
        ['Иванов Иван', 5],
        ['Петрова Анна', 12],
      ],
    });
    // The model's side: read the workbook, then make the template and one attribute per column it found, typed
    // by the column's inferred type (as a model given these tool results would).
    const HR = { application_system_name: 'HR', template_system_name: 'Candidates' };
    llm.setHandler((request) => {
      const tools = (request.body.messages as { role: string; content: string }[]).filter(
        (m) => m.role === 'tool',
      );
      const step = tools.length;
      if (step === 0)
        return { toolCalls: [{ name: 'analyze_excel_file', arguments: { filename: 'candidates.xlsx' } }] };
      const columns = (
        JSON.parse(tools[0]!.content) as { data: { sheets: { columns: { name: string; type: string }[] }[] } }
      ).data.sheets[0]!.columns;
      if (step === 1)
        return {
          toolCalls: [
            {
              name: 'edit_or_create_record_template',
              arguments: {
                application_system_name: 'HR',
                operation: 'create',
                system_name: 'Candidates',
                name: 'Кандидаты',
              },
            },
          ],
        };
      const column = columns[step - 2];
      if (!column) return { text: 'Готово.' };
      const system_name = column.type === 'number' ? 'Experience' : 'FullName';
      return {
        toolCalls: [
          column.type === 'number'
            ? {
                name: 'edit_or_create_numeric_attribute',
                arguments: {
                  ...HR,
                  operation: 'create',
                  system_name,
                  name: column.name,
                  number_decimal_places: 0,
                },
              }
            : {
                name: 'edit_or_create_text_attribute',
                arguments: {
                  ...HR,
                  operation: 'create',
                  system_name,
                  name: column.name,
                  display_format: 'PlainText',
                },
              },
        ],
      };
    });
    const outputs = await runWith(
      [{ name: 'candidates.xlsx', bytes: xlsx }],
      'Создай шаблон по колонкам таблицы',
    );
    expect(outputs.map((o) => o.success)).toEqual([true, true, true, true]);
    const hr = platform.state.solutionByAlias('HR')!;
    const template = platform.state.templateByAlias(hr.id, 'Candidates')!;
    expect(template).toBeDefined();
    const attribute = (alias: string) =>
      platform.state.childByAlias(platform.state.attributes, template.id, alias)?.model;
    expect(attribute('FullName')).toMatchObject({ type: 'String', name: 'ФИО' });
    expect(attribute('Experience')).toMatchObject({ type: 'Decimal', name: 'Стаж' });
  });

  it('a zip bomb, a broken PDF and a 10,000-column CSV get clear tool errors and leave the server healthy', async () => {
    const bomb = await makeXlsx({ Sheet: [['a']] });
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(bomb);
    zip.file('xl/worksheets/padding.xml', Buffer.alloc(110 * 1024 * 1024, 0x20));
    const bombBytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const brokenPdf = Buffer.from(
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\nxref\n0 9\ngarbage\ntrailer<</Root 1 0 R/Size 9>>\nstartxref\n99999\n%%EOF',
    );
    const wide = `${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',')}\n${Array.from({ length: 10_000 }, (_, i) => i).join(',')}\n`;
    llm.setHandler((request) => {
      const step = (request.body.messages as { role: string }[]).filter((m) => m.role === 'tool').length;
      const calls = [
        { name: 'analyze_excel_file', arguments: { filename: 'bomb.xlsx' } },
        { name: 'read_text_based_file', arguments: { filename: 'bomb.xlsx' } },
        { name: 'read_text_based_file', arguments: { filename: 'broken.pdf' } },
        { name: 'analyze_csv_file', arguments: { filename: 'wide.csv' } },
      ];
      return step < calls.length ? { toolCalls: [calls[step]!] } : { text: 'Checked.' };
    });
    const outputs = await runWith(
      [
        { name: 'bomb.xlsx', bytes: bombBytes },
        { name: 'broken.pdf', bytes: brokenPdf },
        { name: 'wide.csv', bytes: Buffer.from(wide) },
      ],
      'Read them all',
    );
    const [excel, text, pdf, csv] = outputs;
    expect(excel).toMatchObject({ success: false, status: 415 });
    expect(excel!.error).toMatch(/zip bomb/);
    expect(text).toMatchObject({ success: false, status: 415 });
    expect(text!.error).toMatch(/zip bomb/);
    expect(pdf).toMatchObject({ success: false, status: 415 });
    expect(pdf!.error).toMatch(/broken\.pdf/);
    expect(csv).toMatchObject({ success: true, data: { column_count: 10_000, rows: 1 } });
    expect(csv!.data.columns).toHaveLength(100);
    expect(csv!.data.note).toMatch(/10000 columns: only the first 100/);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    expect(s.logText()).not.toMatch(/"level":50/);
  });
});
