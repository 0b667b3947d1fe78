import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPlatformSimulator, type PlatformSimulator } from '../sim/platform/platform-simulator.js';
import { testContext, toolCaller } from './call-tool.js';
import { simContext } from './sim-context.js';

const ADMIN_PASSWORD = 'admin-password';
const ANA_PASSWORD = 'ana-Pa55word-xyz';

let sim: PlatformSimulator;

beforeAll(async () => {
  sim = await startPlatformSimulator({
    users: [
      { login: 'admin', password: ADMIN_PASSWORD },
      { login: 'ana', password: ANA_PASSWORD },
    ],
  });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

describe('platform credentials', () => {
  it('a wrong password gives a clear 401 result, not a throw', async () => {
    const call = toolCaller(
      simContext(sim, { credentials: { username: 'ana', password: 'wrong-password-1' } }),
    );
    const result = await call('list_applications', {});
    expect(result).toEqual({
      success: false,
      status: 401,
      error: expect.stringMatching(/^The platform rejected the login or password \(HTTP 401\)/),
    });
    expect(JSON.stringify(result)).not.toContain('wrong-password-1');
    expect(sim.requests[0]!.status).toBe(401);
  });

  it("uses the request's own credentials for that run, and the server's otherwise", async () => {
    await toolCaller(simContext(sim, { credentials: { username: 'ana', password: ANA_PASSWORD } }))(
      'list_applications',
      {},
    );
    await toolCaller(simContext(sim))('list_applications', {});
    expect(sim.requests.map((r) => r.login)).toEqual(['ana', 'admin']);
  });

  it("uses the request's own base URL, never with the server's password", async () => {
    const other = await startPlatformSimulator({ users: [{ login: 'bob', password: 'bob-password-9' }] });
    try {
      const withOwn = toolCaller(
        simContext(sim, { credentials: { baseUrl: other.url, username: 'bob', password: 'bob-password-9' } }),
      );
      expect(await withOwn('list_applications', {})).toMatchObject({ success: true });
      expect(other.requests.map((r) => r.login)).toEqual(['bob']);

      const borrowing = toolCaller(simContext(sim, { credentials: { baseUrl: other.url } }));
      const result = await borrowing('list_applications', {});
      expect(result).toMatchObject({
        success: false,
        status: 503,
        error: expect.stringMatching(/not configured/),
      });
      expect(other.requests).toHaveLength(1);
    } finally {
      await other.close();
    }
    expect(sim.requests).toHaveLength(0);
  });

  it('with neither, every platform tool answers "not configured" naming what to set', async () => {
    const call = toolCaller(testContext());
    for (const [name, input] of [
      ['list_applications', {}],
      ['list_attributes', { application_system_name: 'HR', template_system_name: 'Employees' }],
      ['get_record_url', { record_id: '1' }],
    ] as const) {
      const result = await call(name, input);
      expect(result).toMatchObject({ success: false, status: 503 });
      expect((result as { error: string }).error).toMatch(/not configured/);
      expect((result as { error: string }).error).toMatch(/CMW_BASE_URL/);
      expect((result as { error: string }).error).toMatch(/base_url, username and password/);
    }
    // Tools that need no platform still work.
    expect(await call('add', { a: 1, b: 2 })).toMatchObject({ success: true, data: { result: 3 } });
  });

  it('passwords never appear in any tool result or error text', async () => {
    const results: unknown[] = [];
    const ana = toolCaller(simContext(sim, { credentials: { username: 'ana', password: ANA_PASSWORD } }));
    const admin = toolCaller(simContext(sim));
    const bad = toolCaller(
      simContext(sim, { credentials: { username: 'ana', password: `${ANA_PASSWORD}-bad` } }),
    );
    const slow = toolCaller(simContext(sim, { timeoutMs: 200 }));
    const where = { application_system_name: 'HR', template_system_name: 'Employees' };
    // A platform that echoes the password back in an error must not leak it either. (A run hides the passwords
    // it knows: its request's and the server's.)
    sim.failNext('/webapi/Attribute/List', {
      status: 500,
      body: { message: `Login failed for admin/${ADMIN_PASSWORD} and ana/${ANA_PASSWORD}` },
    });
    results.push(await ana('list_attributes', where));
    sim.failNext('/webapi/Solution', 'hang');
    results.push(await slow('list_applications', {}));
    results.push(await bad('list_applications', {}));
    results.push(await ana('list_applications', {}));
    results.push(await ana('get_attribute', { ...where, system_name: 'Nope' }));
    results.push(await ana('get_record_url', { record_id: '1006' }));
    results.push(await admin('resolve_entity', { url_or_id: '1006' }));
    results.push(
      await ana('edit_or_create_text_attribute', {
        ...where,
        operation: 'create',
        name: `Pwd ${ADMIN_PASSWORD}`,
        system_name: 'Echo',
        description: `the password is ${ANA_PASSWORD}`,
      }),
    );
    const text = JSON.stringify(results);
    expect(results[0]).toMatchObject({ success: false, status: 500 });
    expect(results[1]).toMatchObject({ success: false, status: 408 });
    expect(results[2]).toMatchObject({ success: false, status: 401 });
    expect(results[7]).toMatchObject({ success: true });
    expect(text).not.toContain(ADMIN_PASSWORD);
    expect(text).not.toContain(ANA_PASSWORD);
    expect(text).not.toContain(Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64'));
    expect(text).toContain('[redacted]');
  });
});
