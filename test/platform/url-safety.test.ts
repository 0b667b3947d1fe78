import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlatformAgent } from '../../src/platform/platform-agent.js';
import { startPlatformSimulator, type PlatformSimulator } from '../sim/platform/platform-simulator.js';
import { toolCaller } from './call-tool.js';
import { fakeDns } from './fake-dns.js';
import { sendJson, startLocalServer, type LocalServer } from './local-http-server.js';
import { simContext } from './sim-context.js';

// A request may name its own platform URL: these tests prove that a refused URL never receives a byte.
let sim: PlatformSimulator;
let bait: LocalServer;

const own = (baseUrl: string) => ({ baseUrl, username: 'admin', password: 'admin-password' });

beforeAll(async () => {
  sim = await startPlatformSimulator();
  bait = await startLocalServer((_req, res) => sendJson(res, 200, { success: true, response: [] }));
});
afterAll(async () => {
  await sim.close();
  await bait.close();
});
beforeEach(() => {
  sim.reset();
  bait.requests.length = 0;
  bait.handle((_req, res) => sendJson(res, 200, { success: true, response: [] }));
});

describe('platform URL safety, end to end through the tools', () => {
  it('a URL outside CMW_ALLOWED_BASE_URLS is refused and never contacted', async () => {
    const call = toolCaller(
      simContext(sim, { allowedBaseUrls: ['https://cmw.example.com'], credentials: own(bait.url) }),
    );
    const result = await call('list_applications', {});
    expect(result).toMatchObject({
      success: false,
      status: 400,
      error: expect.stringMatching(/not in the server's allowlist \(CMW_ALLOWED_BASE_URLS\)/),
    });
    expect(bait.requests).toHaveLength(0);
    expect(bait.connections()).toBe(0);
    // The server's own CMW_BASE_URL stays usable under the same allowlist.
    const server = toolCaller(simContext(sim, { allowedBaseUrls: ['https://cmw.example.com'] }));
    expect(await server('list_applications', {})).toMatchObject({ success: true });
  });

  it('a redirect to a cloud metadata address is refused before it is followed', async () => {
    bait.handle((_req, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' });
      res.end();
    });
    const result = await toolCaller(simContext(sim, { credentials: own(bait.url) }))('list_applications', {});
    expect(result).toMatchObject({
      success: false,
      status: 400,
      error: expect.stringMatching(/link-local or cloud metadata address \(169\.254\.169\.254\)/),
    });
    expect(bait.requests.map((r) => r.url)).toEqual(['/webapi/Solution']);
  });

  it('a redirect to another host is refused, so the credentials stay with the platform', async () => {
    bait.handle((_req, res) => {
      res.writeHead(301, { location: `${sim.url.replace('127.0.0.1', 'localhost')}/webapi/Solution` });
      res.end();
    });
    const result = await toolCaller(simContext(sim, { credentials: own(bait.url) }))('list_applications', {});
    expect(result).toMatchObject({
      success: false,
      status: 400,
      error: expect.stringMatching(/another host/),
    });
    expect(sim.requests).toHaveLength(0);
  });

  it.each([
    'http://169.254.169.254',
    'http://[fd00:ec2::254]',
    'http://metadata.google.internal',
    'file:///etc/passwd',
  ])('%s is refused outright', async (baseUrl) => {
    const result = await toolCaller(simContext(sim, { credentials: own(baseUrl) }))('list_applications', {});
    expect(result).toMatchObject({ success: false, status: 400 });
  });

  it('a host name that resolves to a metadata address is refused at connect time, before any byte is sent', async () => {
    const dispatcher = createPlatformAgent({
      lookup: fakeDns({ 'platform.test': ['127.0.0.1'], 'rebind.test': ['169.254.169.254'] }),
    });
    try {
      // The guarded lookup is really the one used: a safe name reaches the simulator.
      const good = toolCaller(
        simContext(sim, { dispatcher, credentials: own(`http://platform.test:${sim.port}`) }),
      );
      expect(await good('list_applications', {})).toMatchObject({ success: true });
      expect(sim.requests).toHaveLength(1);

      const evil = toolCaller(
        simContext(sim, { dispatcher, credentials: own(`http://rebind.test:${sim.port}`) }),
      );
      expect(await evil('list_applications', {})).toMatchObject({
        success: false,
        status: 400,
        error: expect.stringMatching(/rebind\.test resolves to a link-local or cloud metadata address/),
      });
      expect(sim.requests).toHaveLength(1);
    } finally {
      await dispatcher.close();
    }
  });
});
