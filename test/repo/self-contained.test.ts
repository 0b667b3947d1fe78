import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// A user's clone has nothing beside it: no file may reach outside the repository or name a machine's path.
const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' })
  .split('\0')
  .filter((f) => f !== '' && !f.startsWith('spec/comindware/') && !/\.(png|jpe?g|ico|woff2?)$/.test(f))
  .filter((f) => f !== 'package-lock.json');

describe('the repository is self-contained', () => {
  it('no tracked file names the team folder beside the clone or an absolute path of this machine', () => {
    const offenders: string[] = [];
    // Spelled in pieces so this file does not match itself.
    const patterns = [new RegExp(['\\.\\.', 'shared'].join('/')), new RegExp(`/${'work'}/`), /\/root\//];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // deleted in the work tree
      }
      for (const pattern of patterns) if (pattern.test(text)) offenders.push(`${file}: ${pattern.source}`);
    }
    expect(offenders).toEqual([]);
  });

  it('carries the platform OpenAPI files the simulator and contract tests read', () => {
    for (const name of ['web_api_v1.json', 'system_core_api.json']) {
      const spec = JSON.parse(readFileSync(`spec/comindware/${name}`, 'utf8')) as { swagger?: string };
      expect(spec.swagger).toBe('2.0');
    }
  });
});
