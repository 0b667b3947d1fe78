import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { StartupError } from '../errors/startup-error.js';
import { createSessionStore } from './create-session-store.js';
import { prepareDataDir } from './prepare-data-dir.js';
import { SQLITE_FILE, SqliteSessionStore } from './sqlite-session-store.js';

const modeOf = (p: string) => statSync(p).mode & 0o7777;
const base = () => mkdtempSync(path.join(tmpdir(), 'cmw-data-dir-'));

// The loosest usual umask: every mode below must come from the server, not from the umask.
let umask: number;
beforeEach(() => {
  umask = process.umask(0o000);
});
afterEach(() => {
  process.umask(umask);
});

describe('prepareDataDir', () => {
  it('creates a missing DATA_DIR (and its parents) 0700', () => {
    const dir = path.join(base(), 'a', 'data');
    expect(prepareDataDir(dir)).toBeUndefined();
    expect(modeOf(dir)).toBe(0o700);
  });

  it('tightens an existing DATA_DIR open to others, and says so once', () => {
    const dir = base();
    chmodSync(dir, 0o755);
    expect(prepareDataDir(dir)).toMatch(/mode 0755\); its mode is now 0700/);
    expect(modeOf(dir)).toBe(0o700);
    expect(prepareDataDir(dir)).toBeUndefined();
  });

  it('leaves a shared sticky folder (like /tmp) alone, and says so', () => {
    const dir = base();
    chmodSync(dir, 0o1777);
    expect(prepareDataDir(dir)).toMatch(/not this user's to change/);
    expect(modeOf(dir)).toBe(0o1777);
  });

  it('refuses a DATA_DIR that is a file, or lies under one, naming DATA_DIR', () => {
    const file = path.join(base(), 'data');
    writeFileSync(file, 'x');
    expect(() => prepareDataDir(file)).toThrow(StartupError);
    expect(() => prepareDataDir(file)).toThrow(/^DATA_DIR .*data is a file, not a folder/);
    expect(() => prepareDataDir(path.join(file, 'sub'))).toThrow(
      /DATA_DIR .* cannot be used \(ENOTDIR\): part of the path is a file/,
    );
  });

  it.skipIf(process.getuid?.() === 0)('refuses a DATA_DIR this user may not write to', () => {
    const dir = base();
    chmodSync(dir, 0o500);
    try {
      expect(() => prepareDataDir(dir)).toThrow(/DATA_DIR .* is not writable by this user \(EACCES\)/);
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});

describe('the SQLite files', () => {
  it('are 0600 (database, -wal, -shm) in a 0700 DATA_DIR, as the server creates them', async () => {
    const dir = path.join(base(), 'data');
    const config = loadConfig({ SESSION_STORE: 'sqlite', DATA_DIR: dir });
    const store = await createSessionStore(config);
    await store.createSession({ id: 's1', ownerHash: 'o', title: 't', createdAt: new Date().toISOString() });
    const files = readdirSync(dir);
    expect(files.sort()).toEqual([SQLITE_FILE, `${SQLITE_FILE}-shm`, `${SQLITE_FILE}-wal`]);
    for (const f of files) expect(modeOf(path.join(dir, f)), f).toBe(0o600);
    expect(modeOf(dir)).toBe(0o700);
    await store.close();
  });

  it('tightens the files of a database an earlier version left 0644', async () => {
    const dir = base();
    const first = new SqliteSessionStore(dir);
    await first.createSession({ id: 's1', ownerHash: 'o', title: 't', createdAt: new Date().toISOString() });
    for (const f of readdirSync(dir)) chmodSync(path.join(dir, f), 0o644);
    // Reopened while the first is still open, so its -wal and -shm are there to be found.
    const second = new SqliteSessionStore(dir);
    for (const f of readdirSync(dir)) expect(modeOf(path.join(dir, f)), f).toBe(0o600);
    await second.close();
    await first.close();
  });

  it('names the file when it is not a database', () => {
    const dir = base();
    mkdirSync(path.join(dir, SQLITE_FILE));
    expect(() => new SqliteSessionStore(dir)).toThrow(StartupError);
    const junk = base();
    writeFileSync(path.join(junk, SQLITE_FILE), 'this is not a database, it is just some text '.repeat(100));
    expect(() => new SqliteSessionStore(junk)).toThrow(
      /sessions\.sqlite cannot be opened as a SQLite database/,
    );
  });
});
