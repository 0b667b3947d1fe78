import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/logging/logger.js';
import { startServer, type Server } from '../src/server.js';

/**
 * Starts the real server in this process on an ephemeral loopback port, pointed at an LLM simulator, with a
 * silent logger, memory sessions and no LLM retries; resolves once `/readyz` answers 200.
 * @param simUrl - the simulator's base URL (`sim.url`)
 * @param env - variables on top of those defaults, as they would be in the environment
 */
export async function startBenchServer(simUrl: string, env: Record<string, string> = {}): Promise<Server> {
  const config = loadConfig({
    AGENT_PROVIDER: 'openai',
    OPENAI_BASE_URL: simUrl,
    SESSION_STORE: 'memory',
    LLM_MAX_RETRIES: '0',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SHUTDOWN_GRACE_S: '1',
    ...env,
  });
  const server = await startServer(config, { logger: createLogger('silent') });
  const until = performance.now() + 10_000;
  for (;;) {
    const response = await fetch(`${server.url}/readyz`).catch(() => undefined);
    await response?.arrayBuffer();
    if (response?.status === 200) return server;
    if (performance.now() > until) {
      await server.close();
      throw new Error(`the server at ${server.url} did not become ready`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
