import type { FastifyInstance } from 'fastify';

/** What the route needs: the server's metrics in Prometheus text format. */
export interface MetricsSource {
  readonly contentType: string;
  render(): Promise<string>;
}

/**
 * `GET /metrics`: Prometheus text format. Protected like every API route (a scraper sends the key as
 * `Authorization: Bearer`, Prometheus's `authorization` setting): the figures reveal traffic, error codes, tool use
 * and LLM spend, and unlike a load balancer's probe a scraper can carry a key.
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: MetricsSource): void {
  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.render();
    return reply.type(metrics.contentType).send(text);
  });
}
