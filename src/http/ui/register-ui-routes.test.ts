import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerUiRoutes } from './register-ui-routes.js';
import { IMMUTABLE } from './ui-headers.js';

function fakeBuild(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cmw-web-dist-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>chat</title>');
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'favicon.svg'), '<svg/>');
  writeFileSync(path.join(dir, '.secret'), 'no');
  return dir;
}

describe('registerUiRoutes', () => {
  let app: FastifyInstance;
  afterEach(() => app.close());

  const start = async (distDir: string) => {
    app = Fastify();
    app.get('/api/known', () => ({ ok: true }));
    registerUiRoutes(app, { distDir });
    await app.ready();
  };

  it('serves the page revalidated, with its security headers', async () => {
    await start(fakeBuild());
    const r = await app.inject({ url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.body).toContain('<title>chat</title>');
  });

  it('caches hashed assets for a year and other files not at all', async () => {
    await start(fakeBuild());
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe(IMMUTABLE);
    const icon = await app.inject({ url: '/favicon.svg' });
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers browser navigations with the page and everything else with 404', async () => {
    await start(fakeBuild());
    const html = { accept: 'text/html,application/xhtml+xml' };
    expect((await app.inject({ url: '/some/client/path', headers: html })).body).toContain(
      '<title>chat</title>',
    );
    expect((await app.inject({ url: '/some/client/path' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/unknown', headers: html })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/missing.js', headers: html })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/known' })).json()).toEqual({ ok: true });
  });

  it('serves files of a rebuild made while running, and nothing outside the build', async () => {
    const dir = fakeBuild();
    await start(dir);
    writeFileSync(path.join(dir, 'assets', 'index-new456.js'), 'console.log(2)');
    const fresh = await app.inject({ url: '/assets/index-new456.js' });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers['cache-control']).toBe(IMMUTABLE);
    for (const url of ['/.secret', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fpackage.json', '/%00'])
      expect((await app.inject({ url })).statusCode).toBe(404);
  });

  it('says how to build the page when there is no build', async () => {
    await start(path.join(tmpdir(), 'cmw-no-such-dist'));
    const r = await app.inject({ url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('npm run build');
  });
});
