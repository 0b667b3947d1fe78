import { accessSync, chmodSync, constants, mkdirSync, statSync } from 'node:fs';
import { StartupError } from '../errors/startup-error.js';

/** `DATA_DIR` itself: only the server's user may list or enter it. */
export const DATA_DIR_MODE = 0o700;
/** Every file the server writes in `DATA_DIR`: only the server's user may read it (conversations are private). */
export const DATA_FILE_MODE = 0o600;

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/**
 * Makes `DATA_DIR` ready for the server's files: created when missing, mode 0700 whatever the umask, and writable.
 * An existing folder that others may read is tightened to 0700, unless it is not the server's to change (another
 * user's, or a shared sticky folder such as /tmp); the returned note says which, for the log.
 * @param dir - absolute path of `DATA_DIR`
 * @returns a note for the log when the folder's mode was (or could not be) tightened
 * @throws StartupError naming DATA_DIR when it is a file, cannot be created or is not writable
 */
export function prepareDataDir(dir: string): string | undefined {
  let note: string | undefined;
  let found;
  try {
    found = statSync(dir, { throwIfNoEntry: false });
  } catch (error) {
    throw new StartupError(`DATA_DIR ${dir} cannot be used (${codeOf(error)}): ${hintFor(error)}`);
  }
  if (found && !found.isDirectory())
    throw new StartupError(
      `DATA_DIR ${dir} is a file, not a folder: set DATA_DIR to a folder (it is created when missing).`,
    );
  if (!found) {
    try {
      mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
    } catch (error) {
      throw new StartupError(`DATA_DIR ${dir} cannot be created (${codeOf(error)}): ${hintFor(error)}`);
    }
    // mkdir's mode is reduced by the umask; this makes it exactly 0700.
    chmodSync(dir, DATA_DIR_MODE);
  } else if ((found.mode & 0o077) !== 0) {
    const ours = found.uid === process.getuid?.() && (found.mode & 0o1000) === 0;
    if (ours) {
      chmodSync(dir, DATA_DIR_MODE);
      note = `DATA_DIR ${dir} was open to other users (mode ${octal(found.mode)}); its mode is now 0700.`;
    } else {
      note = `DATA_DIR ${dir} is open to other users (mode ${octal(found.mode)}) and not this user's to change; the files in it are still 0600.`;
    }
  }
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new StartupError(
      `DATA_DIR ${dir} is not writable by this user (${codeOf(error)}): ${hintFor(error)}`,
    );
  }
  return note;
}

/**
 * Sets a file the server made in `DATA_DIR` to 0600 (SQLite creates its files 0644, whatever the umask).
 * A file that does not exist (yet) is left alone.
 */
export function restrictFile(file: string): void {
  try {
    chmodSync(file, DATA_FILE_MODE);
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw error;
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

function hintFor(error: unknown): string {
  switch (codeOf(error)) {
    case 'ENOTDIR':
      return 'part of the path is a file; set DATA_DIR to a folder.';
    case 'EACCES':
    case 'EPERM':
      return 'this user has no permission there; set DATA_DIR to a folder it may write to.';
    case 'EROFS':
      return 'the file system is read-only; set DATA_DIR to a writable folder.';
    default:
      return 'set DATA_DIR to a folder this user may write to.';
  }
}
