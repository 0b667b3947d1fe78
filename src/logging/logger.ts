import { pino, type Logger } from 'pino';

/** Paths pino blanks out in every log line, wherever a secret could travel. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  '*.*.password',
  'apiKey',
  '*.apiKey',
  '*.*.apiKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-llm-api-key"]',
  'headers["x-llm-api-key"]',
  'llmApiKey',
  '*.llmApiKey',
  'data[2]',
  '*.data[2]',
  'body.data[2]',
];

/**
 * Creates the root logger. Every other logger is a child of it (per request, per run).
 * @param level - pino level name
 * @param destination - where lines go; defaults to stdout
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'cmw-platform-agent' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? process.stdout,
  );
}

export type { Logger };
