import { randomFillSync } from 'node:crypto';

const ID_BYTES = 16;
/** Random bytes for 256 ids, filled at once: one call into the system's generator for 256 runs, not one a run. */
const pool = Buffer.alloc(ID_BYTES * 256);
let used = pool.length;

/**
 * A run id: 16 random bytes from the system's cryptographic generator, as 32 lower-case hex digits (what
 * `randomBytes(16).toString('hex')` gives). The bytes come from a pool filled 256 ids at a time, as Node's own
 * `randomUUID` does: `randomBytes(16)` costs about 30 µs a call, which a burst of a thousand starts pays in one
 * stretch of the event loop. Each byte is used once.
 */
export function randomRunId(): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const id = pool.toString('hex', used, used + ID_BYTES);
  used += ID_BYTES;
  return id;
}
