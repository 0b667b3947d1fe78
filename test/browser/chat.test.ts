import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/ensure-build.mjs';
import { api, newClientKey, readEvents, startRun } from '../helpers/native-client.js';
import { simEnv, startTestServer, type TestServer } from '../helpers/start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { startPlatformSimulator, type PlatformSimulator } from '../sim/platform/platform-simulator.js';
import { hasChromium, launchChromium } from './launch-chromium.js';
import { saveScreenshot } from './save-screenshot.js';

/** Retries a read until the assertion holds (the page updates asynchronously); no fixed sleeps. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

/** Evaluates an expression in the page: a string, because this project compiles without the DOM's types. */
const inPage = <T = unknown>(target: Page, expression: string): Promise<T> => target.evaluate<T>(expression);

const STORED_SETTINGS = "JSON.parse(localStorage.getItem('cmw.settings') ?? '{}')";
const ENGLISH = "localStorage.setItem('cmw.locale', 'en')";

/**
 * The web chat in a real browser (Debian's Chromium through playwright-core) against the real server on a real
 * socket, with the LLM simulator behind it and the page as `vite build web` made it.
 */
describe.skipIf(!hasChromium)('web chat', () => {
  let sim: LlmSimulator;
  let platform: PlatformSimulator;
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const pageErrors: string[] = [];

  const startServer = async (port = '0') => {
    server = await startTestServer(
      simEnv(sim.url, {
        SESSION_STORE: 'sqlite',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        PORT: port,
        CMW_BASE_URL: platform.url,
        CMW_LOGIN: platform.credentials.login,
        CMW_PASSWORD: platform.credentials.password,
      }),
    );
  };

  /** The Send/Stop button of the question box. */
  const sendButton = () => page.locator('.composer button[type=submit]');
  const lastTurn = () => page.locator('article.turn').last();
  /** Waits until the newest turn has ended, as `outcome`. */
  const lastTurnEnds = (outcome: 'completed' | 'interrupted' | 'failed') =>
    poll(() => lastTurn().getAttribute('data-outcome')).toBe(outcome);

  const ask = async (question: string) => {
    await page.locator('#question').fill(question);
    await page.locator('#question').press('Enter');
  };

  const newConversation = async () => {
    await page.getByRole('button', { name: /New conversation|Новый разговор/ }).click();
    await page.locator('.quick-start').waitFor();
  };

  beforeAll(async () => {
    await ensureWebBuild();
    sim = await startLlmSimulator({ chunkSize: 4 });
    platform = await startPlatformSimulator();
    dataDir = mkdtempSync(path.join(tmpdir(), 'cmw-agent-browser-'));
    await startServer();
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
      timezoneId: 'Europe/Moscow',
      acceptDownloads: true,
    });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await sim?.close();
    await platform?.close();
  });

  beforeEach(() => {
    sim.reset();
    platform.reset();
  });

  it('streams the answer as rendered Markdown, with statistics under it', async () => {
    await page.goto(server.url);
    await page.locator('.quick-start').waitFor();
    await poll(() => page.locator('.server-status').innerText()).toContain('sim-model');
    await saveScreenshot(page, '01-welcome');

    // Shift+Enter makes a new line and sends nothing.
    const input = page.locator('#question');
    await input.click();
    await page.keyboard.type('Show me the values');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('as a table');
    expect(await input.inputValue()).toBe('Show me the values\nas a table');
    expect(await page.locator('article.turn').count()).toBe(0);

    sim.script({
      text: [
        'Here are **the',
        ' values**:\n\n',
        '| Name | Value |\n',
        '|---|---|\n',
        '| Alpha | 1 |\n',
        '\nAll done.',
      ],
      chunkDelayMs: 250,
    });
    await page.keyboard.press('Enter');
    expect(await input.inputValue()).toBe('');

    // Mid-stream: the bold text is rendered, the rest has not arrived, the region is live and busy.
    const answer = lastTurn().locator('.answer');
    await answer.locator('strong', { hasText: 'the values' }).waitFor();
    expect(await answer.getAttribute('aria-live')).toBe('polite');
    expect(await answer.getAttribute('aria-busy')).toBe('true');
    expect(await answer.innerText()).not.toContain('All done.');
    await poll(() => sendButton().getAttribute('aria-label')).toBe('Stop');
    await saveScreenshot(page, '02-streaming');

    await lastTurnEnds('completed');
    expect(await answer.getAttribute('aria-busy')).toBe('false');
    expect(await answer.locator('table td').allInnerTexts()).toEqual(['Alpha', '1']);
    expect(await answer.locator('p').last().innerText()).toBe('All done.');
    expect(await lastTurn().locator('.question').innerText()).toBe('Show me the values\nas a table');
    await poll(() => lastTurn().locator('.stat-tokens').innerText()).toMatch(/\d+ in · \d+ out/);
    await poll(() => lastTurn().locator('.stat-model').innerText()).toContain('sim-model');
    await poll(() => lastTurn().locator('.stat-time').innerText()).toMatch(/\d/);
    await poll(() => sendButton().getAttribute('aria-label')).toBe('Send');
    // The new conversation is in the sidebar and named in the address.
    await poll(() => page.locator('.session-item.current').innerText()).toContain(
      'Show me the values as a table',
    );
    expect(new URL(page.url()).hash).toMatch(/^#\/c\/[0-9a-f]{32}$/);
    await saveScreenshot(page, '03-answered');
  });

  it('shows a tool call pending as soon as it starts, then done with its duration and result', async () => {
    // Record every state a tool card is drawn in: a local tool ends within milliseconds of its start.
    await inPage(
      page,
      `(() => {
        const seen = (window.__toolStates = []);
        new MutationObserver(() => {
          for (const card of document.querySelectorAll('.tool-card')) {
            const state = card.dataset.tool + ':' + card.dataset.status;
            if (!seen.includes(state)) seen.push(state);
          }
        }).observe(document.body, { subtree: true, childList: true, attributes: true });
      })()`,
    );
    sim.script(
      {
        toolCalls: [{ name: 'get_current_datetime', arguments: { timezone: 'Europe/Moscow' } }],
        chunkDelayMs: 150,
      },
      { text: 'It is **noon** in Moscow.', chunkDelayMs: 40, firstChunkDelayMs: 300 },
    );
    await ask('What time is it in Moscow?');
    const card = lastTurn().locator('.tool-card[data-tool=get_current_datetime]');
    await card.waitFor();
    await lastTurn().locator('.tool-card[data-status=done]').waitFor();
    expect(await inPage<string[]>(page, 'window.__toolStates')).toEqual([
      'get_current_datetime:pending',
      'get_current_datetime:done',
    ]);
    await poll(() => card.locator('.tool-state').innerText()).toMatch(/done · \d+ ms/);
    await poll(() => card.locator('.tool-summary').innerText()).toContain('Europe/Moscow');
    await card.locator('summary').click();
    await poll(() => card.locator('.tool-body').innerText()).toContain('"timezone": "Europe/Moscow"');
    await lastTurnEnds('completed');
    await poll(() => lastTurn().locator('.answer strong').innerText()).toBe('noon');
    await saveScreenshot(page, '04-tool-done');
  });

  it('lists the applications of the platform through a tool card', async () => {
    await newConversation();
    // A slow platform: the card stays pending long enough to see.
    platform.setLatency(700);
    sim.script(
      { toolCalls: [{ name: 'list_applications', arguments: {} }] },
      {
        text: 'You have **2** applications:\n\n| System name | Name |\n|---|---|\n| HR | Human resources |\n| Fleet | Fleet |',
        chunkDelayMs: 10,
      },
    );
    await ask('List my applications');
    const card = lastTurn().locator('.tool-card[data-tool=list_applications]');
    await card.and(page.locator('[data-status=pending]')).waitFor();
    await poll(() => card.locator('.tool-state').innerText()).toBe('running…');
    await saveScreenshot(page, '04a-tool-pending');
    await card.and(page.locator('[data-status=done]')).waitFor();
    await poll(() => card.locator('.tool-state').innerText()).toMatch(/done · \d/);
    await poll(() => card.locator('.tool-summary').innerText()).toContain('[2]');
    await card.locator('summary').click();
    await poll(() => card.locator('.tool-output').innerText()).toContain('"alias": "HR"');
    await lastTurnEnds('completed');
    await poll(() => lastTurn().locator('.answer table td').first().innerText()).toBe('HR');
    expect(platform.requests.some((r) => r.login === 'admin')).toBe(true);
    await saveScreenshot(page, '04b-applications');
  });

  it('stops a long answer, keeps the partial text marked as interrupted, in history too', async () => {
    await newConversation();
    sim.script({ text: 'Lorem ipsum dolor sit amet. '.repeat(200), chunkDelayMs: 40 });
    await ask('Write a very long essay');
    await lastTurn().locator('.answer', { hasText: 'Lorem ipsum dolor' }).waitFor();
    await sendButton().click();
    const marker = lastTurn().locator('.marker-interrupted');
    await lastTurnEnds('interrupted');
    await poll(() => marker.innerText()).toMatch(/Response interrupted/);
    await poll(() => sendButton().getAttribute('aria-label')).toBe('Send');
    const partial = await lastTurn().locator('.answer').innerText();
    expect(partial).toContain('Lorem ipsum');
    expect(partial.length).toBeLessThan('Lorem ipsum dolor sit amet. '.repeat(200).length);
    await saveScreenshot(page, '05-interrupted');

    // The stored turn says the same after a reload.
    await page.reload();
    await poll(() => lastTurn().locator('.marker-interrupted').innerText()).toMatch(/Response interrupted/);
    await poll(() => lastTurn().locator('.answer').innerText()).toContain('Lorem ipsum dolor');
  });

  it('picks a streaming answer up again after a reload', async () => {
    const text = 'Resumed answer, piece by piece. '.repeat(12).trim();
    sim.script({ text, chunkDelayMs: 25 });
    await ask('Keep talking');
    await lastTurn().locator('.answer', { hasText: 'Resumed answer' }).waitFor();
    await page.reload();
    await lastTurnEnds('completed');
    await poll(() => lastTurn().locator('.answer').innerText()).toBe(text);
    await poll(() => page.locator('article.turn').count()).toBe(2);
    await poll(() => lastTurn().locator('.question').innerText()).toBe('Keep talking');
  });

  it('says why an answer failed', async () => {
    sim.script({ error: { status: 500, message: 'The model is down' } });
    await ask('Anything?');
    await lastTurnEnds('failed');
    await poll(() => lastTurn().locator('.marker-error').innerText()).toMatch(
      /The answer could not be completed/,
    );
    await poll(() => lastTurn().locator('.error-code').innerText()).toMatch(/Error code: [A-Z_]+/);
  });

  it('finds the conversations again after a reload and after a server restart', async () => {
    const port = new URL(server.url).port;
    await server.close();
    // Same port: the page's origin, and so its client key in localStorage, stays the same.
    await startServer(port);
    await page.goto(server.url);
    const items = page.locator('.session-item');
    await poll(() => items.count()).toBe(3);
    await poll(() => items.allInnerTexts()).toEqual([
      expect.stringContaining('Write a very long essay'),
      expect.stringContaining('List my applications'),
      expect.stringContaining('Show me the values as a table'),
    ]);
    await items.locator('a', { hasText: 'Show me the values' }).click();
    await poll(() => page.locator('.conversation-title').innerText()).toBe('Show me the values as a table');
    await poll(() => page.locator('article.turn').count()).toBe(2);
    await poll(() => page.locator('article.turn').first().locator('table td').first().innerText()).toBe(
      'Alpha',
    );
    // Stored tool calls come back as cards.
    await poll(() =>
      page.locator('.tool-card[data-tool=get_current_datetime][data-status=done]').count(),
    ).toBe(1);
    await poll(() => page.locator('article.turn').first().locator('.stat-model').innerText()).toContain(
      'sim-model',
    );
  });

  it('renames and deletes conversations', async () => {
    const first = page.locator('.session-item').first();
    await first.getByRole('button', { name: /^Rename/ }).click();
    const field = page.getByRole('textbox', { name: 'Conversation title' });
    await field.fill('Essay that was cut short');
    await field.press('Enter');
    await poll(() => page.locator('.session-item').first().innerText()).toContain('Essay that was cut short');
    await page.reload();
    await poll(() => page.locator('.session-item').first().innerText()).toContain('Essay that was cut short');

    page.once('dialog', (dialog) => void dialog.accept());
    await page
      .locator('.session-item')
      .first()
      .getByRole('button', { name: /^Delete/ })
      .click();
    await poll(() => page.locator('.session-item').count()).toBe(2);
    await page.reload();
    await poll(() => page.locator('.session-item').count()).toBe(2);
  });

  it('exports the conversation as Markdown and as a standalone HTML file', async () => {
    await page.locator('.session-item a', { hasText: 'Show me the values' }).click();
    await poll(() => page.locator('article.turn').count()).toBe(2);

    await page.getByRole('button', { name: 'Export' }).click();
    const [markdownDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Markdown (.md)' }).click(),
    ]);
    expect(markdownDownload.suggestedFilename()).toMatch(/^CMW_Copilot_Show_me_the_values.*\.md$/);
    const markdown = readFileSync(await markdownDownload.path(), 'utf8');
    expect(markdown).toMatch(/^# Show me the values as a table\n/);
    expect(markdown).toContain('## Question 1');
    expect(markdown).toContain('> Show me the values\n> as a table');
    expect(markdown).toContain('| Alpha | 1 |');
    expect(markdown).toContain('- `get_current_datetime` — done');
    expect(markdown).toContain('It is **noon** in Moscow.');
    expect(markdown).toMatch(/Model: sim-model/);

    await page.getByRole('button', { name: 'Export' }).click();
    const [htmlDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Web page (.html)' }).click(),
    ]);
    const html = readFileSync(await htmlDownload.path(), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<td>Alpha</td>');
    expect(html).not.toContain('<script');
  });

  it('renders a hostile answer inert', async () => {
    await newConversation();
    const hostile = [
      'Look: <img src=x onerror="window.__xss=1"> and <script>window.__xss=2</script>',
      '[click me](javascript:window.__xss=3) <a href="javascript:window.__xss=4" onclick="window.__xss=5">link</a>',
      '<iframe src="javascript:window.__xss=6"></iframe><svg onload="window.__xss=7"></svg>',
      '<details open ontoggle="window.__xss=8">x</details>',
      '**still bold**',
    ].join('\n\n');
    sim.script({ text: hostile, chunkDelayMs: 5 });
    await ask('<img src=y onerror="window.__xss=9"> say something nasty');
    await lastTurnEnds('completed');
    const answer = lastTurn().locator('.answer');
    await poll(() => answer.locator('strong').innerText()).toBe('still bold');
    await answer.locator('a').first().click({ noWaitAfter: true });
    await answer.locator('a').last().click({ noWaitAfter: true });
    expect(await inPage<unknown>(page, 'window.__xss')).toBeUndefined();
    const inert = [
      'img[onerror]',
      'script',
      'iframe',
      '[onload]',
      '[onclick]',
      '[ontoggle]',
      'a[href^="javascript"]',
    ].map((selector) => `article ${selector}`);
    const dangerous = await inPage<number>(
      page,
      `document.querySelectorAll(${JSON.stringify(inert.join(', '))}).length`,
    );
    expect(dangerous).toBe(0);
    // The question is shown as the text it is.
    await poll(() => lastTurn().locator('.question').innerText()).toBe(
      '<img src=y onerror="window.__xss=9"> say something nasty',
    );
  });

  it('fills the question from a quick-start example without sending it', async () => {
    await newConversation();
    const requests = sim.requests.length;
    await page.getByRole('button', { name: /^List my applications/ }).click();
    await poll(() => page.locator('#question').inputValue()).toBe(
      'List my applications with their system names.',
    );
    await poll(() => inPage<string>(page, 'document.activeElement?.id')).toBe('question');
    await poll(() => page.locator('article.turn').count()).toBe(0);
    expect(sim.requests.length).toBe(requests);
    await page.locator('#question').fill('');
  });

  it('keeps platform credentials in the browser and sends them with each run', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await poll(() => dialog.innerText()).toContain('Kept only in this browser (localStorage)');
    await dialog.getByLabel('Platform URL').fill('https://platform.example.com');
    await dialog.getByLabel('Login').fill('analyst');
    await dialog.getByLabel('Password', { exact: true }).fill('s3cret-pass');
    await poll(() => dialog.getByLabel('Model').innerText()).toContain('sim-model');
    await saveScreenshot(page, '06-settings');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const stored = await inPage<object>(page, STORED_SETTINGS);
    expect(stored).toMatchObject({ baseUrl: 'https://platform.example.com', username: 'analyst' });

    sim.script({ text: 'Noted.' });
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/runs')),
      ask('Who am I?'),
    ]);
    expect(request.postDataJSON()).toMatchObject({
      question: 'Who am I?',
      credentials: { base_url: 'https://platform.example.com', username: 'analyst', password: 's3cret-pass' },
    });
    expect(request.headers()['x-client-key']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await lastTurnEnds('completed');
    // Kept in the browser only: nothing the server wrote (its database and WAL) holds the password.
    for (const file of readdirSync(dataDir)) {
      expect(readFileSync(path.join(dataDir, file)).includes('s3cret-pass'), file).toBe(false);
    }

    // Forget them again so the other tests run with the server's defaults.
    await page.getByRole('button', { name: 'Settings' }).click();
    await dialog.getByRole('button', { name: 'Forget credentials' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    expect(await inPage<object>(page, STORED_SETTINGS)).toMatchObject({
      baseUrl: '',
      username: '',
      password: '',
    });
  });

  it('shows the queue position and the estimated wait while the run waits for a slot', async () => {
    // One answer completes, so the server knows how long an answer takes (its average per API, as Gradio keeps).
    const other = newClientKey();
    sim.script({ text: 'A quick one.', firstChunkDelayMs: 200 });
    const quick = await startRun(server.url, other, { question: 'Quick' });
    await readEvents(server.url, other, quick.run_id);
    // Then another client takes the only slot (QUEUE_CONCURRENCY=1) with a slow answer.
    sim.script({ text: 'busy '.repeat(100), chunkDelayMs: 50 });
    const blocker = await startRun(server.url, other, { question: 'Keep the server busy' });
    await newConversation();
    sim.script({ text: 'Your turn came.' });
    await ask('Am I in a queue?');
    // The server sends its estimate (Gradio's rank_eta) in the `queued` event, and the page shows it.
    await poll(() => lastTurn().locator('.progress').innerText()).toMatch(
      /Waiting in the queue: position 1 of 1 · about \d+ (sec|min)/,
    );
    await saveScreenshot(page, '07-queued');
    await api(server.url, other, 'POST', `/api/runs/${blocker.run_id}/cancel`, {});
    await poll(() => lastTurn().locator('.answer').innerText()).toBe('Your turn came.');
  });

  it('speaks Russian: labels, dates and numbers, remembered across reloads', async () => {
    await page.locator('.session-item a', { hasText: 'Show me the values' }).click();
    await poll(() => page.locator('article.turn').count()).toBe(2);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ru');
    await page.getByRole('button', { name: 'Новый разговор' }).waitFor({ state: 'visible' });
    await poll(() => page.locator('#question').getAttribute('placeholder')).toBe(
      'Спросите о приложениях, шаблонах, атрибутах…',
    );
    await poll(() => inPage<string>(page, 'document.documentElement.lang')).toBe('ru');
    await poll(() => page.locator('.stat-tokens dt').first().innerText()).toBe('Токены');
    await poll(() => page.locator('.stat-tokens dd').first().innerText()).toContain('на входе');
    await poll(() => page.locator('.message-user time').first().innerText()).toMatch(/г\./);
    await poll(() => page.locator('.session-item').first().innerText()).toMatch(/\d+ вопрос/);
    await page.reload();
    await page.getByRole('button', { name: 'Новый разговор' }).waitFor({ state: 'visible' });
    await poll(() => page.locator('.composer-hint').innerText()).toBe(
      'Enter — отправить · Shift+Enter — новая строка',
    );
    await saveScreenshot(page, '08-russian');
    await page.getByRole('combobox', { name: 'Язык' }).selectOption('en');
    await page.getByRole('button', { name: 'New conversation' }).waitFor({ state: 'visible' });
  });

  it('works on a phone-sized screen: the sidebar is a drawer', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.addInitScript(ENGLISH);
    await phone.goto(server.url);
    const sidebar = phone.locator('#sidebar');
    await sidebar.waitFor({ state: 'hidden' });
    await phone.locator('.quick-start').waitFor();
    await saveScreenshot(phone, '09-phone');
    const toggle = phone.getByRole('button', { name: 'Show conversations' });
    await poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    await sidebar.waitFor({ state: 'visible' });
    // Slid in completely (it is animated).
    await poll(async () => (await sidebar.boundingBox())?.x).toBe(0);
    await saveScreenshot(phone, '10-phone-sidebar');
    await sidebar.locator('.session-item a', { hasText: 'Show me the values' }).click();
    await sidebar.waitFor({ state: 'hidden' });
    await poll(() => phone.locator('article.turn').count()).toBe(2);
    // Nothing is wider than the screen.
    expect(await inPage<number>(phone, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await phone.close();
  });

  it('asks for the API key of a server started with API_KEYS and then works with it', async () => {
    const locked = await startTestServer(
      simEnv(sim.url, { LOG_LEVEL: 'warn', API_KEYS: 'browser-test-key' }),
    );
    const other = await browser.newContext({ locale: 'en-US' });
    try {
      const tab = await other.newPage();
      await tab.goto(locked.url);
      const banner = tab.locator('.banner');
      await poll(() => banner.innerText()).toContain('This server asks for an API key');
      await banner.getByRole('button', { name: 'Open settings' }).click();
      const dialog = tab.getByRole('dialog', { name: 'Settings' });
      await dialog.getByLabel('Server API key').fill('browser-test-key');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await banner.waitFor({ state: 'detached' });
      sim.script({ text: 'Unlocked.' });
      await tab.locator('#question').fill('Hello?');
      await tab.locator('#question').press('Enter');
      await poll(() => tab.locator('article.turn').last().getAttribute('data-outcome')).toBe('completed');
      await poll(() => tab.locator('article.turn .answer').innerText()).toBe('Unlocked.');
      await poll(() => tab.locator('.session-item').count()).toBe(1);
    } finally {
      await other.close();
      await locked.close();
    }
  });

  it('offers every provider’s models, sends the person’s own LLM key, and says when a fallback model answered', async () => {
    const backup = await startLlmSimulator({ models: [{ id: 'backup-model' }] });
    const multi = await startTestServer(
      simEnv(sim.url, {
        LOG_LEVEL: 'warn',
        GROQ_API_KEY: 'gsk-browser',
        GROQ_BASE_URL: backup.url,
        AGENT_FALLBACK_MODELS: 'groq:backup-model',
        ALLOW_CLIENT_LLM_KEYS: 'true',
      }),
    );
    const other = await browser.newContext({ locale: 'en-US' });
    try {
      const tab = await other.newPage();
      await tab.goto(multi.url);
      await tab.locator('.quick-start').waitFor();
      await tab.getByRole('button', { name: 'Settings' }).click();
      const dialog = tab.getByRole('dialog', { name: 'Settings' });
      const select = dialog.locator('select[name=model]');
      await poll(() => select.locator('optgroup[label=groq] option').count()).toBe(1);
      expect(await select.locator('optgroup[label=openai] option').innerText()).toBe('sim-model');
      await select.selectOption('groq:backup-model');
      await dialog.getByLabel('Your own key for the model’s LLM provider').fill('sk-own-browser-key');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden' });

      backup.script({ text: 'Backup speaking.' });
      const [request] = await Promise.all([
        tab.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/runs')),
        tab
          .locator('#question')
          .fill('Which model?')
          .then(() => tab.locator('#question').press('Enter')),
      ]);
      expect(request.postDataJSON()).toMatchObject({ model: 'groq:backup-model' });
      expect(request.headers()['x-llm-api-key']).toBe('sk-own-browser-key');
      await poll(() => tab.locator('article.turn').last().getAttribute('data-outcome')).toBe('completed');
      expect(backup.requests.at(-1)!.headers.authorization).toBe('Bearer sk-own-browser-key');

      // Back to the server's default model and key: it fails before answering, the fallback answers.
      await tab.getByRole('button', { name: 'Settings' }).click();
      await select.selectOption('');
      await dialog.getByLabel('Your own key for the model’s LLM provider').fill('');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden' });
      sim.script({ error: { status: 503 } });
      backup.script({ text: 'Fallback answer.' });
      await tab.locator('#question').fill('Are you there?');
      await tab.locator('#question').press('Enter');
      await poll(() => tab.locator('article.turn').last().getAttribute('data-outcome')).toBe('completed');
      const note = tab.locator('article.turn').last().locator('.marker-fallback');
      await poll(() => note.innerText()).toMatch(
        /openai:sim-model failed \(.*503.*\); answered by groq:backup-model\./,
      );
      await saveScreenshot(tab, '14-model-fallback');
      // Kept with the turn: the note is there again after a reload.
      await tab.reload();
      await poll(() => tab.locator('article.turn').last().locator('.marker-fallback').innerText()).toMatch(
        /answered by groq:backup-model\./,
      );
    } finally {
      await other.close();
      await multi.close();
      await backup.close();
    }
  });

  it('asks the person before a destructive change: a card with what will happen, Approve and Deny', async () => {
    await page.goto(server.url);
    await newConversation();
    const deleteCall = {
      name: 'delete_attribute',
      arguments: { application_system_name: 'HR', template_system_name: 'Employees', system_name: 'Phone' },
    };
    const deletes = () => platform.requests.filter((r) => r.method === 'DELETE').length;

    // Denied, with a reason: nothing is deleted and the model hears why.
    sim.script({ toolCalls: [deleteCall] }, { text: 'Understood, I left it.' });
    await ask('Delete the Phone attribute of Employees');
    const card = lastTurn().locator('.approval-card');
    await poll(() => card.getAttribute('data-state')).toBe('pending');
    expect(await card.innerText()).toContain(
      'Delete the attribute “Phone” of template “Employees” in application “HR”, with all its data.',
    );
    await card.getByLabel('Reason (optional, told to the assistant)').fill('still needed');
    await saveScreenshot(page, '15-approval');
    await card.getByRole('button', { name: 'Deny' }).click();
    await lastTurnEnds('completed');
    expect(await card.getAttribute('data-state')).toBe('denied');
    expect(deletes()).toBe(0);
    expect(JSON.stringify(sim.requests.at(-1)!.body.messages)).toMatch(/declined.*still needed/);

    // Approved with the keyboard: the attribute is deleted.
    sim.script({ toolCalls: [deleteCall] }, { text: 'Deleted.' });
    await ask('Delete it after all');
    const second = lastTurn().locator('.approval-card');
    await poll(() => second.getAttribute('data-state')).toBe('pending');
    await second.getByRole('button', { name: 'Approve' }).focus();
    await page.keyboard.press('Enter');
    await lastTurnEnds('completed');
    expect(await second.getAttribute('data-state')).toBe('approved');
    expect(deletes()).toBe(1);
  });

  it('attaches files (button and drag-and-drop) with chips, tells the model, lists them and shows them on the turn', async () => {
    await page.goto(server.url);
    await newConversation();
    // The attach button's file chooser, as a person picks a file.
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Attach files' }).click(),
    ]);
    await chooser.setFiles([
      { name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from('Name;Dept\nIvanov;IT\n') },
    ]);
    const chips = page.locator('.attachment-chips');
    await poll(() => chips.locator('.chip[data-state="done"]').allInnerTexts()).toEqual([
      expect.stringContaining('staff.csv'),
    ]);
    // A conversation was made for it, and opened.
    await poll(() => page.evaluate('location.hash')).toMatch(/^#\/c\/[0-9a-f]{32}$/);

    // Dropped onto the question box, another one; then removed with its chip's button.
    await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.items.add(new File(['draft'], 'draft.txt', { type: 'text/plain' }));
      const form = document.querySelector('.composer');
      form.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      form.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    })()`);
    await poll(() => chips.locator('.chip[data-state="done"]').count()).toBe(2);
    await saveScreenshot(page, '16-attachments');
    await page.getByRole('button', { name: 'Remove draft.txt' }).click();
    await poll(() => chips.locator('.chip').count()).toBe(1);

    sim.script({ text: 'I see staff.csv.' });
    await ask('What is in the file?');
    await lastTurnEnds('completed');
    expect(JSON.stringify(sim.requests.at(-1)!.body.messages)).toMatch(/<conversation_files>.*staff\.csv/);
    expect(JSON.stringify(sim.requests.at(-1)!.body.messages)).not.toContain('draft.txt');
    // The chips went with the question: the turn names the file, the sidebar lists it.
    expect(await lastTurn().locator('.turn-files').innerText()).toContain('staff.csv');
    expect(await chips.count()).toBe(0);
    await poll(() => page.locator('.conversation-files li').allInnerTexts()).toEqual([
      expect.stringContaining('staff.csv'),
    ]);
    await page.reload();
    await poll(() => lastTurn().locator('.turn-files').innerText()).toContain('staff.csv');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download staff.csv' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('staff.csv');
  });

  it('shows the open conversation’s tokens and cached tokens in the sidebar, also after a reload', async () => {
    await page.goto(server.url);
    await newConversation();
    expect(await page.locator('.conversation-totals').count()).toBe(0);
    sim.script(
      {
        text: 'First.',
        usage: { prompt_tokens: 1000, completion_tokens: 100, cached_tokens: 400, cost: 0.0021 },
      },
      { text: 'Second.', usage: { prompt_tokens: 1500, completion_tokens: 20, cost: 0.0014 } },
    );
    await ask('First question');
    await lastTurnEnds('completed');
    await ask('Second question');
    await lastTurnEnds('completed');
    const totals = page.locator('.conversation-totals');
    await poll(() => totals.innerText()).toContain('2,500 in · 120 out');
    expect(await totals.innerText()).toContain('400 from cache');
    // This server knows no price for sim-model: no cost line rather than "$0.00".
    expect(await totals.innerText()).not.toContain('Cost');
    await page.reload();
    await poll(() => page.locator('.conversation-totals').innerText()).toContain('2,500 in · 120 out');
    // A new conversation has no totals yet.
    await newConversation();
    expect(await page.locator('.conversation-totals').count()).toBe(0);
  });

  it('shows the cost in its currency and the context the last LLM call used, live and after a reload', async () => {
    await page.goto(server.url);
    await inPage(page, ENGLISH);
    await page.goto(server.url);
    await newConversation();
    expect(await page.locator('.context-budget').count()).toBe(0);
    // Polza's wire format: the provider's own cost in roubles (usage.cost_rub). The second call waits, so the panel
    // can be seen following the first call while the turn is still running.
    sim.script(
      {
        toolCalls: [{ name: 'get_current_datetime', arguments: {} }],
        usage: { prompt_tokens: 50_000, completion_tokens: 20, cached_tokens: 40_000, cost_rub: 1.25 },
      },
      {
        text: 'Noon.',
        firstChunkDelayMs: 1500,
        usage: { prompt_tokens: 98_304, completion_tokens: 5, cost_rub: 2.5 },
      },
    );
    await ask('What time is it?');
    const panel = page.locator('.context-budget');
    await poll(() => panel.innerText()).toContain('Last call: 50,000 of 131,072 tokens (38.1%)');
    expect(await lastTurn().getAttribute('data-outcome')).not.toBe('completed');
    expect(await panel.getAttribute('data-level')).toBe('good');
    await lastTurnEnds('completed');
    // 98,304 of 131,072 is 75 %: the original's warning level.
    await poll(() => panel.innerText()).toContain('Last call: 98,304 of 131,072 tokens (75%)');
    expect(await panel.getAttribute('data-level')).toBe('warning');
    expect(await page.getByRole('meter', { name: 'Context window' }).getAttribute('aria-valuetext')).toBe(
      '75%',
    );
    const totals = page.locator('.conversation-totals');
    await poll(() => totals.innerText()).toContain('148,304 in · 25 out');
    expect(await totals.innerText()).toContain('40,000 from cache');
    // Roubles stay roubles (Intl's no-break space between code and amount).
    expect(await totals.innerText()).toMatch(/Cost: RUB\s3\.75/);
    expect(await lastTurn().locator('.turn-stats').innerText()).toMatch(/RUB\s3\.75/);
    await saveScreenshot(page, 'context-budget');

    await page.reload();
    await poll(() => page.locator('.context-budget').innerText()).toContain('98,304 of 131,072 tokens (75%)');
    expect(await page.locator('.conversation-totals').innerText()).toMatch(/Cost: RUB\s3\.75/);
  });

  it('has a skip link to the question box and no page errors', async () => {
    await inPage(page, ENGLISH);
    await page.goto(server.url);
    await page.locator('.quick-start').waitFor();
    await page.keyboard.press('Tab');
    await poll(() => inPage<string>(page, 'document.activeElement?.textContent')).toBe(
      'Skip to the question box',
    );
    await page.keyboard.press('Enter');
    await poll(() => inPage<string>(page, 'document.activeElement?.id')).toBe('question');
    expect(pageErrors).toEqual([]);
  });
});
