import type { FastifyDynamicSwaggerOptions, SwaggerOptions } from '@fastify/swagger';
import { OPENAPI_SCHEMAS } from './openapi-schemas.js';
import { openApiTransform } from './openapi-transform.js';

/** The tags of the document, one per surface, in the order Swagger UI shows them. */
const TAGS = [
  { name: 'Gradio /call', description: "Gradio's two-step API: POST a run, then GET its event stream." },
  {
    name: 'Gradio queue',
    description:
      'The queue protocol (sse_v3) of the official Gradio clients (@gradio/client, gradio_client).',
  },
  {
    name: 'OpenAI-compatible',
    description: 'Chat completions and models for the OpenAI SDKs and LangChain.',
  },
  {
    name: 'Native run API',
    description:
      'Runs with typed, resumable event streams, and sessions owned by X-Client-Key (the web chat).',
  },
  { name: 'Operations', description: 'Liveness and readiness probes.' },
];

/**
 * The options `@fastify/swagger` is registered with: the document's info, servers, tags, shared schemas, and the
 * transform that completes each route (parameters and responses).
 *
 * `servers` is relative (`/`): the server does not know the URL clients reach it by (it may sit behind a proxy),
 * and a relative URL resolves against wherever the document was fetched from, which is this server.
 *
 * No `info.license`: the project has not chosen one, and the document must not claim one.
 */
export const OPENAPI_OPTIONS: SwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'CMW Platform Agent',
      version: '0.1.0',
      description:
        'AI copilot for the Comindware Platform: Gradio /call and queue APIs, an OpenAI-compatible API, and the ' +
        'native run API of the web chat. Errors: {"error": {"code", "message"}} with a code of docs/errors.md ' +
        "(the Gradio queue adds Gradio's `detail`; /v1 answers OpenAI's error object).",
    },
    servers: [{ url: '/', description: 'This server (the document is served by the API it describes).' }],
    tags: TAGS,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'One of API_KEYS, when it is set.' },
      },
      schemas: OPENAPI_SCHEMAS,
    },
    // The schemas are JSON Schema 2020-12 (`const`, type arrays), which openapi-types' SchemaObject does not model.
  } as unknown as FastifyDynamicSwaggerOptions['openapi'],
  transform: openApiTransform,
};
