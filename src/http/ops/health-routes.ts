import type { FastifyInstance } from 'fastify';
import type { LlmService } from '../../llm/llm-service.js';
import type { RunManager } from '../../runs/run-manager.js';
import { PUBLIC_ROUTE } from '../auth/route-access.js';

/**
 * `/healthz` (the process is up) and `/readyz` (the agent can take questions; 503 says why not). Both public:
 * probes of load balancers and orchestrators carry no key, and neither runs or reveals anything.
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { llm: LlmService; runs: RunManager },
): void {
  const started = Date.now();
  app.get('/healthz', PUBLIC_ROUTE, () => ({
    status: 'ok',
    uptimeS: Math.round((Date.now() - started) / 1000),
  }));
  app.get('/readyz', PUBLIC_ROUTE, async (_request, reply) => {
    const status = deps.llm.status;
    const { provider, model } = deps.llm.provider;
    // A default provider that is down while a fallback model's is up still answers: ready, saying so.
    const answering = status.state === 'ready' || (status.state === 'degraded' && status.onFallback === true);
    if (!answering) return reply.status(503).send({ status: status.state, reason: status.reason, provider });
    // Clustered mode: without Redis no run can be admitted or read, so the instance is not ready.
    const backend = await deps.runs.backendProblem();
    if (backend !== undefined)
      return reply.status(503).send({ status: 'backend_unavailable', reason: backend, provider });
    return reply.send({
      status: 'ready',
      provider,
      model,
      ...(status.state === 'degraded' ? { reason: status.reason } : {}),
      queue: deps.runs.stats,
    });
  });
}
