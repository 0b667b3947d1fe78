import { spawn } from 'node:child_process';
import type { PhaseName, PhaseResults } from './run-phase.js';

/**
 * Runs one phase in a fresh node process (`--expose-gc`, the same loader flags as this one), so that no
 * phase inherits another's heap, timers or sockets; the child prints its result as JSON on stdout.
 * @param entry - the suite's entry file, which runs a phase when given `--phase=<name>`
 * @param name - the phase
 * @param quick - passes `--quick`
 * @throws Error when the child fails or prints no result
 */
export function runPhaseInChild<N extends PhaseName>(
  entry: string,
  name: N,
  quick: boolean,
): Promise<PhaseResults[N]> {
  const args = ['--expose-gc', ...process.execArgv, entry, `--phase=${name}`, ...(quick ? ['--quick'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`phase ${name} exited with ${code}`));
      try {
        resolve(JSON.parse(out) as PhaseResults[N]);
      } catch {
        reject(new Error(`phase ${name} printed no JSON result: ${out.slice(0, 200)}`));
      }
    });
  });
}
