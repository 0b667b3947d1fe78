import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { makeScopePublic, PUBLIC_ROUTE } from '../auth/route-access.js';
import { NOT_BUILT_PAGE } from './not-built-page.js';
import { IMMUTABLE, PAGE_HEADERS, REVALIDATE } from './ui-headers.js';
import { WEB_DIST_DIR } from './web-dist-dir.js';

/** Options of {@link registerUiRoutes}. */
export interface UiRoutesOptions {
  /**
   * The built page.
   * @default `<repo>/web/dist`
   */
  readonly distDir?: string;
}

/** Paths of the other surfaces: an unknown one there is a JSON 404, never the page. */
const OTHER_SURFACES = [
  '/api/',
  '/call/',
  '/gradio_api/',
  '/v1/',
  '/docs',
  '/openapi',
  '/healthz',
  '/readyz',
  '/metrics',
];

/**
 * The web chat at `/`: the files of `web/dist` (hashed assets cached for a year, the page revalidated), and the
 * page for any other browser navigation so client-side paths survive a reload. Without a build at start-up, `/`
 * answers a short page that says how to build it.
 */
export function registerUiRoutes(app: FastifyInstance, options: UiRoutesOptions = {}): void {
  const distDir = path.resolve(options.distDir ?? WEB_DIST_DIR);
  if (!existsSync(path.join(distDir, 'index.html'))) {
    app.get('/', PUBLIC_ROUTE, (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT_PAGE),
    );
    return;
  }
  const assetsDir = `${path.sep}assets${path.sep}`;
  void app.register(async (scope) => {
    // The page and its files are public (a browser loads them before it has any key); they run nothing.
    makeScopePublic(scope);
    await scope.register(fastifyStatic, {
      root: distDir,
      prefix: '/',
      // One route per file built so far; files of a later build are served by the fallback below.
      wildcard: false,
      index: false,
      cacheControl: false,
      serveDotFiles: false,
      setHeaders: (reply, filePath) => {
        reply.header('cache-control', filePath.includes(assetsDir) ? IMMUTABLE : REVALIDATE);
        if (filePath.endsWith('.html')) reply.headers(PAGE_HEADERS);
      },
    });
    const page = (_request: FastifyRequest, reply: FastifyReply) => reply.sendFile('index.html');
    scope.get('/', page);
    scope.get('/*', (request, reply) => {
      const url = request.url.split('?')[0] ?? '/';
      // Routing ignores case, so must this: `/API/x` is an unknown API path, not a page.
      const lower = url.toLowerCase();
      if (OTHER_SURFACES.some((prefix) => lower.startsWith(prefix))) return reply.callNotFound();
      const file = fileWithin(distDir, url);
      if (file !== undefined) return reply.sendFile(file);
      const isNavigation =
        !path.posix.basename(url).includes('.') && (request.headers.accept ?? '').includes('text/html');
      return isNavigation ? page(request, reply) : reply.callNotFound();
    });
  });
}

/** The path of an existing file under `root` that `url` names, relative to `root`; never outside it. */
function fileWithin(root: string, url: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const full = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (!full.startsWith(root + path.sep) || path.basename(full).startsWith('.')) return undefined;
  try {
    return statSync(full).isFile() ? path.relative(root, full) : undefined;
  } catch {
    return undefined;
  }
}
