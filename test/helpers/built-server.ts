import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built server, as `npm start` runs it. */
export const MAIN_JS = path.join(REPO_ROOT, 'dist/main.js');

/** Every file below `dir`, recursively. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

/**
 * Builds `dist/` when it is missing or older than a file of `src/`, for tests that start the real process
 * (`npm test` builds first, so under it this does nothing).
 */
export function ensureServerBuilt(): void {
  const newestSource = Math.max(...listFiles(path.join(REPO_ROOT, 'src')).map((f) => statSync(f).mtimeMs));
  if (!existsSync(MAIN_JS) || statSync(MAIN_JS).mtimeMs < newestSource)
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
