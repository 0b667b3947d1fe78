import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureWebBuild } from '../../scripts/ensure-build.mjs';

// Found by the route fuzzer (fuzz-routes.test.ts): the web chat's script, as the browser tests built it
// (ensureWebBuild under vitest, NODE_ENV=test), was a development build that named the absolute path of every
// component's source file, so GET /assets/index-….js served this machine's paths to anyone. The page is now built
// for production whatever NODE_ENV its caller has. Checked in a small project: the repository's package.json,
// node_modules, Vite config and ensure-build script, and one Preact component.

const REPO = process.cwd();
let root: string;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cmw-web-build-paths-'));
  for (const file of ['package.json', 'scripts/ensure-build.mjs', 'web/vite.config.ts']) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    copyFileSync(path.join(REPO, file), path.join(root, file));
  }
  symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  write(
    'web/index.html',
    '<!doctype html>\n<div id="app"></div>\n<script type="module" src="/src/main.tsx"></script>\n',
  );
  write(
    'web/src/main.tsx',
    "import { render } from 'preact';\n\nfunction Hello() {\n  return <p>hello</p>;\n}\n\nrender(<Hello />, document.getElementById('app')!);\n",
  );
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

describe('the web chat as ensureWebBuild builds it', () => {
  it(
    'names no path of the machine that built it, even when the caller is in development',
    { timeout: 120_000 },
    async () => {
      vi.stubEnv('NODE_ENV', 'development');
      expect(await ensureWebBuild(root)).toBe(true);
      const assets = path.join(root, 'web/dist/assets');
      const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
      expect(scripts.length).toBeGreaterThan(0);
      for (const file of scripts) {
        const text = readFileSync(path.join(assets, file), 'utf8');
        expect(text).toContain('hello');
        expect(text, file).not.toContain(root);
      }
    },
  );
});
