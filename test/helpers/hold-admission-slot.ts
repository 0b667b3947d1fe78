// A process that takes a slot of the Redis admission queue and holds it, heart-beating, until it is killed: the
// "instance" that a test kills with SIGKILL. Arguments: url, key prefix, lease ms, heartbeat ms.
import { RedisAdmissionQueue } from '../../src/runs/redis/redis-admission-queue.js';

const [url, keyPrefix, leaseMs, heartbeatMs] = process.argv.slice(2);
const queue = new RedisAdmissionQueue({
  url: url!,
  keyPrefix: keyPrefix!,
  concurrency: 1,
  maxSize: 10,
  timeoutMs: 60_000,
  leaseMs: Number(leaseMs),
  heartbeatMs: Number(heartbeatMs),
  name: 'cmw-test-holder',
});
const ticket = await queue.enqueue({ sessionKey: 'held-session' });
await ticket.lease;
process.stdout.write('held\n');
// Keeps the process (and its heartbeat) alive until the test kills it.
setInterval(() => {}, 60_000);
