import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `<root>/scripts`). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Whether `web/dist` is there and newer than every source of the page. */
export type WebBuildState = 'missing' | 'stale' | 'fresh';

/** Compares the built page with its sources: `web/index.html`, `web/vite.config.ts`, `web/src`, `web/public`. */
export function webBuildState(root: string = REPO_ROOT): WebBuildState {
  const built = path.join(root, 'web', 'dist', 'index.html');
  if (!existsSync(built)) return 'missing';
  const builtAt = statSync(built).mtimeMs;
  const sources = ['index.html', 'vite.config.ts', 'src', 'public'].map((p) => path.join(root, 'web', p));
  return sources.some((source) => newestMtime(source) > builtAt) ? 'stale' : 'fresh';
}

/**
 * Builds the page with Vite when it is missing or older than its sources.
 * @returns whether it built
 */
export async function ensureWebBuild(root: string = REPO_ROOT): Promise<boolean> {
  if (webBuildState(root) === 'fresh') return false;
  await buildWeb(root);
  return true;
}

/** Runs `vite build web` in a child process; rejects with its output when it fails. */
export function buildWeb(root: string = REPO_ROOT): Promise<void> {
  const manifest = createRequire(path.join(root, 'package.json')).resolve('vite/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { vite: string } };
  const vite = path.join(path.dirname(manifest), bin.vite);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', 'web', '--logLevel', 'warn'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build web failed (exit ${code}):\n${output}`)),
    );
  });
}

function newestMtime(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

// `tsx scripts/ensure-web-build.ts` (npm prestart): build the page only when needed.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const state = webBuildState();
  if (state === 'fresh') {
    process.stdout.write('web/dist is up to date\n');
  } else {
    process.stdout.write(`web/dist is ${state}: building the web chat…\n`);
    await buildWeb();
    process.stdout.write('web/dist built\n');
  }
}
