import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testContext } from '../../test/platform/call-tool.js';
import { PlatformError } from '../platform/platform-error.js';
import { defineTool } from './define-tool.js';
import { ToolFailure } from './tool-failure.js';
import { ToolSession } from './tool-session.js';

const PASSWORD = 'request-secret-77';

async function run(
  spec: Parameters<typeof defineTool>[0],
  ctx = testContext(),
  signal?: AbortSignal,
): Promise<unknown> {
  const tool = defineTool(spec).create(new ToolSession(ctx));
  return (await tool.execute!(
    {},
    {
      toolCallId: 't',
      messages: [],
      ...(signal ? { abortSignal: signal } : {}),
    },
  )) as unknown;
}

const base = {
  name: 'probe',
  group: 'utility' as const,
  description: 'probe',
  inputSchema: z.object({}),
  destructive: false,
  readOnly: true,
};

describe('defineTool', () => {
  it('answers {success, status, data}', async () => {
    expect(await run({ ...base, run: () => ({ ok: 1 }) })).toEqual({
      success: true,
      status: 200,
      data: { ok: 1 },
    });
  });

  it('turns a platform error into a result that keeps its status', async () => {
    const result = await run({
      ...base,
      run: () => {
        throw new PlatformError('auth', 'The platform rejected the login or password (HTTP 401).', {
          status: 401,
        });
      },
    });
    expect(result).toEqual({
      success: false,
      status: 401,
      error: 'The platform rejected the login or password (HTTP 401).',
    });
  });

  it('turns input problems and bugs into results too', async () => {
    expect(await run({ ...base, run: () => Promise.reject(new ToolFailure('Give a name.')) })).toEqual({
      success: false,
      status: 400,
      error: 'Give a name.',
    });
    expect(await run({ ...base, run: () => Promise.reject(new TypeError('x is undefined')) })).toEqual({
      success: false,
      status: 500,
      error: 'The tool probe failed unexpectedly: x is undefined',
    });
  });

  it('answers "not configured" naming what to set, instead of throwing', async () => {
    const result = await run({ ...base, run: (_i, { platform }) => platform() });
    expect(result).toMatchObject({ success: false, status: 503 });
    expect((result as { error: string }).error).toMatch(
      /not configured.*CMW_BASE_URL, CMW_LOGIN and CMW_PASSWORD/,
    );
  });

  it('never lets a password out, in data or in errors', async () => {
    const ctx = testContext({
      credentials: { baseUrl: 'http://127.0.0.1:1', username: 'u', password: PASSWORD },
    });
    const data = await run({ ...base, run: () => ({ echo: `pw=${PASSWORD}`, [PASSWORD]: 1 }) }, ctx);
    expect(JSON.stringify(data)).not.toContain(PASSWORD);
    const error = await run({ ...base, run: () => Promise.reject(new Error(`boom ${PASSWORD}`)) }, ctx);
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
    expect(JSON.stringify(error)).toContain('[redacted]');
  });

  it('hides the derived forms too: the Basic tokens, the base64 password, CMW_PASSWORD, the LLM keys', async () => {
    const ctx = testContext({
      credentials: { baseUrl: 'http://127.0.0.1:1', username: 'u', password: PASSWORD },
      platform: { ...testContext().platform, login: 'svc', password: 'env-secret-55' },
      secrets: ['sk-openai-key-1', undefined],
    });
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const forms = [
      `Basic ${b64(`u:${PASSWORD}`)}`,
      b64(`svc:env-secret-55`),
      b64(PASSWORD),
      'env-secret-55',
      'sk-openai-key-1',
    ];
    const data = await run({ ...base, run: () => ({ headers: { authorization: forms[0] }, forms }) }, ctx);
    expect(data).toEqual({
      success: true,
      status: 200,
      data: { headers: { authorization: '[redacted]' }, forms: forms.map(() => '[redacted]') },
    });
    const error = await run({ ...base, run: () => Promise.reject(new ToolFailure(forms.join(','))) }, ctx);
    expect(error).toEqual({ success: false, status: 400, error: forms.map(() => '[redacted]').join(',') });
  });

  it('cuts large data to the budget with a note', async () => {
    const result = (await run({
      ...base,
      resultBudgetChars: 1000,
      run: () => Array.from({ length: 300 }, (_, i) => ({ i })),
    })) as { data: unknown[]; note: string };
    expect(result.data.length).toBeLessThan(300);
    expect(result.note).toMatch(/of 300 items/);
  });

  it('lets a cancel of the run propagate', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      run(
        {
          ...base,
          run: () => {
            throw new DOMException('aborted', 'AbortError');
          },
        },
        testContext(),
        controller.signal,
      ),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
