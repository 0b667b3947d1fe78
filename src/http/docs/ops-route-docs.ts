import { ref } from './openapi-schemas.js';
import type { RouteDoc } from './route-doc.js';

/** Probes for load balancers and orchestrators. */
export const OPS_ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'GET /healthz': {
    operationId: 'healthz',
    tags: ['Operations'],
    summary: 'The process is up',
    responses: { 200: { description: 'Up.', json: ref('Health') } },
    errors: [],
    errorShape: 'Error',
  },
  'GET /readyz': {
    operationId: 'readyz',
    tags: ['Operations'],
    summary: '200 when questions can be answered; 503 with the reason',
    responses: {
      200: { description: 'Ready: the provider answered and the model is known.', json: ref('Ready') },
      503: {
        description:
          'Not ready: the LLM provider is starting, unreachable or not configured, or (clustered mode) Redis does not answer.',
        json: ref('NotReady'),
      },
    },
    errors: [],
    errorShape: 'Error',
  },
  'GET /metrics': {
    operationId: 'metrics',
    tags: ['Operations'],
    summary: 'Prometheus metrics of this server and its process',
    description:
      'Runs by surface, status and error code, the queue, run duration and first-token latency, LLM tokens and cost, tool and platform calls, open event streams, and the Node process (docs/operations.md, "Metrics"). Protected like the API: a scraper sends `Authorization: Bearer <key>`.',
    responses: {
      200: { description: 'The metrics.', text: 'Prometheus text exposition format 0.0.4.' },
    },
    errors: [],
    errorShape: 'Error',
  },
};
