// @ts-check
/**
 * Builds what `npm start` needs, and only what is out of date: the server (`dist/`, by `npm run build:server`)
 * when `dist/main.js` is missing or older than a file of `src/` or a tsconfig, and the web chat (`web/dist/`, by
 * `npm run build:web`) when `web/dist/index.html` is missing or older than a source of the page.
 *
 * Plain JavaScript on purpose: `npm start` runs it as `node scripts/ensure-build.mjs` (its `prestart`), so an
 * up-to-date start costs one directory walk, not a TypeScript compiler or a `tsx` start-up.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

/** The repository root (this file lives in `<root>/scripts`). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The two builds: the npm script that makes each, the file whose modification time says when it was built (every
 * build rewrites it), and the sources it is compared with (directories are walked; a directory's own time counts, so
 * a deleted or renamed file also makes the build stale).
 * @type {Readonly<Record<'server' | 'web', { script: string; output: string; sources: string[]; skip?: RegExp }>>}
 */
export const BUILDS = {
  server: {
    script: 'build:server',
    output: 'dist/main.js',
    sources: ['src', 'tsconfig.json', 'tsconfig.build.json'],
    // tsconfig.build.json leaves the tests out of dist/, so editing one needs no build.
    skip: /\.test\.ts$/,
  },
  web: {
    script: 'build:web',
    output: 'web/dist/index.html',
    sources: ['web/index.html', 'web/vite.config.ts', 'web/src', 'web/public'],
    skip: /\.test\.tsx?$/,
  },
};

/**
 * Whether a build is there and newer than all of its sources.
 * @param {'server' | 'web'} name
 * @param {string} [root]
 * @returns {'missing' | 'stale' | 'fresh'}
 */
export function buildState(name, root = REPO_ROOT) {
  const { output, sources, skip } = BUILDS[name];
  const built = path.join(root, output);
  if (!existsSync(built)) return 'missing';
  const builtAt = statSync(built).mtimeMs;
  return sources.some((source) => newestMtime(path.join(root, source), skip) > builtAt) ? 'stale' : 'fresh';
}

/**
 * Runs the build's npm script when the build is missing or stale.
 * @param {'server' | 'web'} name
 * @param {{ root?: string; log?: (line: string) => void }} [options]
 * @returns {Promise<boolean>} whether it built
 */
export async function ensureBuild(name, { root = REPO_ROOT, log = () => undefined } = {}) {
  const state = buildState(name, root);
  const { output, script } = BUILDS[name];
  if (state === 'fresh') {
    log(`${path.dirname(output)} is up to date`);
    return false;
  }
  log(`${path.dirname(output)} is ${state}: npm run ${script}`);
  // A source saved while the build runs must count as newer than the build: date the output at the start.
  const startedAt = new Date();
  try {
    await runNpmScript(script, root);
  } catch (error) {
    // tsc writes its output even when it reports errors; without it the next start builds again, never runs it.
    rmSync(path.join(root, output), { force: true });
    throw error;
  }
  utimesSync(path.join(root, output), startedAt, startedAt);
  return true;
}

/**
 * Builds the web chat when it is missing or older than its sources (the browser tests need it).
 * @param {string} [root]
 * @returns {Promise<boolean>} whether it built
 */
export function ensureWebBuild(root = REPO_ROOT) {
  return ensureBuild('web', { root });
}

/**
 * Runs `npm run <script>` in `root`, its output passed through; rejects when it fails.
 * @param {string} script
 * @param {string} root
 * @returns {Promise<void>}
 */
function runNpmScript(script, root) {
  // Under npm, npm_execpath is npm's own CLI: run it with this Node rather than look for `npm` on the PATH.
  const npmCli = process.env.npm_execpath;
  const [command, args] =
    npmCli !== undefined && /\.[cm]?js$/.test(npmCli)
      ? [process.execPath, [npmCli, 'run', '--silent', script]]
      : ['npm', ['run', '--silent', script]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      // A production build whatever the caller's NODE_ENV: under vitest (NODE_ENV=test) Vite made a development
      // page, with Preact's debug code and every component's absolute source path (this machine's) in the script.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
      shell: process.platform === 'win32' && command === 'npm',
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm run ${script} failed (exit ${code})`)),
    );
  });
}

/**
 * The newest modification time of a file, or of a directory and everything in it (0 when it does not exist).
 * @param {string} file
 * @param {RegExp | undefined} skip file names that are not sources of the build
 * @returns {number}
 */
function newestMtime(file, skip) {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return skip?.test(file) ? 0 : stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry), skip));
  return newest;
}

// `node scripts/ensure-build.mjs` (npm prestart): build the server, then the page, each only when needed.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  /** @param {string} line */
  const log = (line) => process.stdout.write(`${line}\n`);
  try {
    await ensureBuild('server', { log });
    await ensureBuild('web', { log });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
