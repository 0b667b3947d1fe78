import { request, type Dispatcher } from 'undici';
import { benchAgent } from './bench-agent.js';

/**
 * Fills the client's keep-alive pool for `baseUrl` with `count` connections by sending that many
 * `GET /healthz` at once while the server is idle, so that a load test that follows does not open them
 * under load (the server accepts about one new connection per event-loop turn, and turns are long under
 * load).
 * @param baseUrl - the server's base URL
 * @param count - connections to open
 * @param dispatcher - the pool to fill; the bench client's by default
 */
export async function openConnections(
  baseUrl: string,
  count: number,
  dispatcher: Dispatcher = benchAgent,
): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, async () => {
      const response = await request(`${baseUrl}/healthz`, { dispatcher });
      await response.body.dump();
    }),
  );
}
