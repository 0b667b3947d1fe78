import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm start` used to run tsc on every start (issue 9). This runs the repository's own `prestart` (and the build
// scripts it calls) in a small project made of this repository's package.json, tsconfigs, node_modules and
// scripts/ensure-build.mjs, with one source file for the server and one page, and watches what gets rebuilt.

const REPO = process.cwd();
let root: string;

interface PrestartResult {
  code: number;
  output: string;
}

async function prestart(): Promise<PrestartResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '--silent', 'prestart'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** The modification time of a build output: every build rewrites it. */
const builtAt = (file: string): number => statSync(path.join(root, file)).mtimeMs;

/** Marks a file as saved a minute from now, so it is newer than any build made before. */
function touch(file: string): void {
  const later = new Date(Date.now() + 60_000);
  utimesSync(path.join(root, file), later, later);
}

/** Dates a touched file back before the last server build, so later steps start from a fresh build. */
function untouch(file: string): void {
  const earlier = new Date(builtAt('dist/main.js') - 1000);
  utimesSync(path.join(root, file), earlier, earlier);
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cmw-ensure-build-'));
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/ensure-build.mjs']) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    copyFileSync(path.join(REPO, file), path.join(root, file));
  }
  symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  write('src/main.ts', 'export const version: number = 1;\n');
  write('src/main.test.ts', 'export {};\n');
  write('web/index.html', '<!doctype html>\n<title>page 1</title>\n');
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('npm start (prestart: scripts/ensure-build.mjs)', () => {
  it('builds the server and the page when there is no build', async () => {
    const { code, output } = await prestart();
    expect(code, output).toBe(0);
    expect(readFileSync(path.join(root, 'dist/main.js'), 'utf8')).toContain('version = 1');
    expect(readFileSync(path.join(root, 'web/dist/index.html'), 'utf8')).toContain('page 1');
  });

  it('builds nothing when nothing changed', async () => {
    const server = builtAt('dist/main.js');
    const web = builtAt('web/dist/index.html');
    const { code, output } = await prestart();
    expect(code, output).toBe(0);
    expect(builtAt('dist/main.js')).toBe(server);
    expect(builtAt('web/dist/index.html')).toBe(web);
    expect(output).toContain('dist is up to date');
    expect(output).toContain('web/dist is up to date');
  });

  it('rebuilds the server, not the page, when a file of src/ changed', async () => {
    write('src/main.ts', 'export const version: number = 2;\n');
    const web = builtAt('web/dist/index.html');
    const { code, output } = await prestart();
    expect(code, output).toBe(0);
    expect(readFileSync(path.join(root, 'dist/main.js'), 'utf8')).toContain('version = 2');
    expect(builtAt('web/dist/index.html')).toBe(web);
  });

  it('rebuilds the server when a source is only touched, and when a tsconfig changed', async () => {
    for (const file of ['src/main.ts', 'tsconfig.build.json']) {
      const before = builtAt('dist/main.js');
      touch(file);
      const { code, output } = await prestart();
      expect(code, output).toBe(0);
      expect(output).toContain('dist is stale');
      expect(builtAt('dist/main.js')).not.toBe(before);
      untouch(file);
    }
  });

  it('does not rebuild the server for a test file, which dist/ leaves out', async () => {
    const server = builtAt('dist/main.js');
    touch('src/main.test.ts');
    const { code, output } = await prestart();
    expect(code, output).toBe(0);
    expect(builtAt('dist/main.js')).toBe(server);
    untouch('src/main.test.ts');
  });

  it('rebuilds the page, not the server, when a source of the page changed', async () => {
    write('web/index.html', '<!doctype html>\n<title>page 2</title>\n');
    const server = builtAt('dist/main.js');
    const { code, output } = await prestart();
    expect(code, output).toBe(0);
    expect(readFileSync(path.join(root, 'web/dist/index.html'), 'utf8')).toContain('page 2');
    expect(builtAt('dist/main.js')).toBe(server);
  });

  it('fails the start on a type error and builds again next time rather than start the broken build', async () => {
    write('src/main.ts', 'export const version: number = "three";\n');
    const failed = await prestart();
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain('TS2322');
    expect(existsSync(path.join(root, 'dist/main.js'))).toBe(false);

    write('src/main.ts', 'export const version: number = 3;\n');
    const { code, output } = await prestart();
    expect(code, output).toBe(0);
    expect(readFileSync(path.join(root, 'dist/main.js'), 'utf8')).toContain('version = 3');
  });
});
