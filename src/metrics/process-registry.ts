import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | undefined;

/**
 * prom-client's default Node metrics (CPU, memory, heap, handles, GC, event-loop lag), one registry for the
 * whole process. They describe the process, not a server, so every server in it shows the same figures; and
 * collecting them twice would start a second event-loop monitor and GC observer that nothing can stop.
 */
export function processRegistry(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
