import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';

/**
 * Reads JSON bodies, and lets routes that take none be called with an empty one: clients (and `fetch` wrappers)
 * often send `Content-Type: application/json` with no body to `POST /api/runs/{id}/cancel` or
 * `DELETE /api/sessions/{id}`, which Fastify's own parser refused with 400. An empty body reads as `undefined`;
 * a route that documents a body (`schema.body`) still answers INVALID_JSON "empty" for it. Non-empty bodies go
 * through Fastify's parser (prototype poisoning refused). `text/plain` and form encoding are read as JSON too:
 * `curl -d` without a content type sends form encoding, and the API only speaks JSON.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const strict = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    ['application/json', 'application/x-www-form-urlencoded', 'text/plain'],
    { parseAs: 'string' },
    (request, body, done) => {
      const text = body as string;
      if (text.trim() === '') return done(null, undefined);
      void strict(request, text, done);
    },
  );
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.body === undefined && request.routeOptions.schema?.body !== undefined)
      return done(new AppError('INVALID_JSON', 'The request body is empty; send a JSON object.'));
    done();
  });
}
