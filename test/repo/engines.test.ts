import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  readonly engines?: { readonly node?: string } | readonly string[];
  readonly optional?: boolean;
  readonly os?: readonly string[];
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockEntry> };

describe('the Node.js version the README promises', () => {
  const minimum = semver.minVersion(pkg.engines.node)!.version;

  it('is the one package.json declares and the README states', () => {
    expect(readFileSync('README.md', 'utf8')).toContain(`Node.js ${minimum.replace(/\.0$/, '')} or newer`);
  });

  // CI runs on this machine's Node; this proves every installed package also accepts the promised minimum, so
  // `npm ci` on that version prints no EBADENGINE.
  it('is accepted by every package in the lock file', () => {
    const refusing: string[] = [];
    for (const [name, entry] of Object.entries(lock.packages)) {
      if (name === '' || entry.engines === undefined || Array.isArray(entry.engines)) continue;
      // Platform-specific optional binaries (other OS/CPU builds) are never installed here.
      if (entry.optional && entry.os !== undefined && !entry.os.includes(process.platform)) continue;
      const range = (entry.engines as { node?: string }).node;
      if (range !== undefined && !semver.satisfies(minimum, range))
        refusing.push(`${name} wants node ${range}`);
    }
    expect(refusing).toEqual([]);
  });
});
