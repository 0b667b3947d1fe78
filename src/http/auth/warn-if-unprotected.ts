import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import { isLoopbackHost } from './is-loopback-host.js';

/**
 * Logs a warning at start-up when the server listens beyond loopback with no `API_KEYS`: then anyone who can
 * reach the port can spend the server's LLM key and use its default platform credentials.
 * @returns whether it warned
 */
export function warnIfUnprotected(config: Config, logger: Logger): boolean {
  if (config.http.apiKeys.length > 0 || isLoopbackHost(config.host)) return false;
  logger.warn(
    { host: config.host },
    `API_KEYS is not set and the server listens on ${config.host}: anyone who can reach this port can use the ` +
      'agent, its LLM key and its default platform credentials. Set API_KEYS (comma-separated keys clients send ' +
      'as "Authorization: Bearer <key>"), or HOST=127.0.0.1.',
  );
  return true;
}
