import type { PlatformState } from '../test/sim/platform/platform-simulator.js';

function plain(value: unknown): unknown {
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [plain(k), plain(v)]);
  if (Buffer.isBuffer(value)) return `<${value.length} bytes ${value.subarray(0, 16).toString('hex')}>`;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/**
 * The whole simulated platform as one JSON text (every collection in creation order, file contents as their
 * size and first bytes), to tell whether anything at all changed between two moments.
 * @param state - the platform simulator's state
 */
export function platformSnapshot(state: PlatformState): string {
  const collections = Object.entries(state).filter(([, v]) => v instanceof Map);
  return JSON.stringify(plain(Object.fromEntries(collections)));
}
