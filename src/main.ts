import { constants } from 'node:os';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { StartupError } from './errors/startup-error.js';
import { createLogger } from './logging/logger.js';
import { closeSharedPlatformAgent } from './platform/platform-agent.js';
import { startServer, type Server } from './server.js';
import { shutdownMessage } from './shutdown-message.js';

/**
 * A failed start prints one line to stderr and exits with 2: the message of a ConfigError or StartupError says what
 * to change; anything else is a bug, whose details (stack included) go to the log.
 */
function exitOnStartFailure(error: unknown, logger?: Logger): never {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    logger?.error({ err: error }, 'start-up failed');
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Could not start: ${message.split('\n')[0]}\n`);
  }
  process.exit(2);
}

/**
 * The first SIGINT/SIGTERM stops gracefully (runs get SHUTDOWN_GRACE_S) and says what it waits for; a second one
 * exits at once with 128 + the signal number (130 for Ctrl-C), as a shell reports a process killed by it.
 */
function stopOnSignals(server: Server, config: Config, logger: Logger): void {
  let stopping = false;
  const stop = (signal: 'SIGINT' | 'SIGTERM') => {
    if (stopping) {
      process.stderr.write('Exiting now.\n');
      process.exit(128 + constants.signals[signal]);
    }
    stopping = true;
    const running = server.runs.stats.running;
    process.stderr.write(`${shutdownMessage(running, config.http.shutdownGraceMs)}\n`);
    logger.info({ signal, running }, 'shutting down');
    server
      .close()
      // The platform connection pool is process-wide (shared by every server in the process), so main closes it.
      .then(() => closeSharedPlatformAgent())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    exitOnStartFailure(error);
  }
  const logger = createLogger(config.logLevel);
  let server: Server;
  try {
    server = await startServer(config, { logger });
  } catch (error) {
    exitOnStartFailure(error, logger);
  }
  logger.info({ url: server.url }, `CMW Platform Agent listening on ${server.url}`);
  stopOnSignals(server, config, logger);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
}

void main();
