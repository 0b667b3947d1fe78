import type { FastifyInstance } from 'fastify';
import type { LlmService } from '../../llm/llm-service.js';
import type { RunManager } from '../../runs/run-manager.js';

/** `/healthz` (the process is up) and `/readyz` (the agent can take questions; 503 says why not). */
export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { llm: LlmService; runs: RunManager },
): void {
  const started = Date.now();
  app.get('/healthz', () => ({ status: 'ok', uptimeS: Math.round((Date.now() - started) / 1000) }));
  app.get('/readyz', (_request, reply) => {
    const status = deps.llm.status;
    const { provider, model } = deps.llm.provider;
    if (status.state !== 'ready')
      return reply.status(503).send({ status: status.state, reason: status.reason, provider });
    return reply.send({ status: 'ready', provider, model, queue: deps.runs.stats });
  });
}
