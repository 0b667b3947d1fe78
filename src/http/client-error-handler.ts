import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { isDraining } from './body-drain.js';

/**
 * What Node reports on a connection before any route sees a request: the request timeout, headers too large, or
 * bytes that are not HTTP.
 */
function appErrorFor(error: NodeJS.ErrnoException): AppError {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new AppError(
        'REQUEST_TIMEOUT',
        'The request did not arrive in time (REQUEST_TIMEOUT_S); the connection is closed.',
      );
    case 'HPE_HEADER_OVERFLOW':
      return new AppError('HEADERS_TOO_LARGE', 'The request headers are too large.');
    default:
      return new AppError('MALFORMED_REQUEST', 'The request is not valid HTTP/1.1.');
  }
}

/**
 * Node's `clientError` handler for the server: answers in the server's error shape
 * (`{"error":{"code","message"}}`: 408 `REQUEST_TIMEOUT`, 431 `HEADERS_TOO_LARGE`, 400 `MALFORMED_REQUEST`) and
 * closes the connection. When the request has been answered already (its answer is on its way, or was sent and
 * the rest of its body is being read: see body-drain.ts) nothing more is written: the connection is only closed.
 * @param log - where to note it, at debug level (a flood of bad clients must not flood the log)
 */
export function createClientErrorHandler(log: FastifyBaseLogger): (error: Error, socket: Socket) => void {
  return (error: NodeJS.ErrnoException, socket) => {
    // The client went away; there is nobody to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const appError = appErrorFor(error);
    log.debug({ code: appError.code, cause: error.code, remote: socket.remoteAddress }, appError.message);
    // A request is answered once: not when its answer has started, or was sent and only its body is being read.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !inFlight?.headersSent && !isDraining(socket)) {
      const body = JSON.stringify(appError.toJSON());
      socket.write(
        `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status]}\r\n` +
          'Connection: close\r\n' +
          'Content-Type: application/json; charset=utf-8\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
