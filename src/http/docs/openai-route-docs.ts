import { chatRequestSchema } from '../openai/chat-request.js';
import { RUN_FAILURES } from './error-responses.js';
import { ref } from './openapi-schemas.js';
import type { RouteDoc } from './route-doc.js';

const TAGS = ['OpenAI-compatible'];

/**
 * The OpenAI-compatible API under one prefix (`/v1`, and `/api/v1` as the original copilot served it).
 * @param prefix - the URL prefix
 * @param id - what operation ids start with, unique per prefix
 */
function openai(prefix: string, id: string): Record<string, RouteDoc> {
  return {
    [`POST ${prefix}/chat/completions`]: {
      operationId: `${id}CreateChatCompletion`,
      tags: TAGS,
      summary: 'Chat completion, streamed (SSE chunks, [DONE]) or not',
      description:
        'Without a session id the messages are the history; with cmw_extra_body.session_id (in a system message ' +
        'or at the top level) or metadata.session_id the server-side conversation is used. A run that fails ' +
        'before anything was sent answers with its HTTP status, streamed or not.',
      body: chatRequestSchema,
      responses: {
        200: {
          description: 'The answer: a chat.completion, or with `stream: true` an event stream of chunks.',
          json: ref('ChatCompletion'),
          sse:
            '`data: <chat.completion.chunk>` frames (the role first, then content deltas, then finish_reason, then ' +
            'the usage chunk when stream_options.include_usage), then `data: [DONE]`; `: ping` comments keep it ' +
            'open. A failure after the stream started is `data: {"error": {…}}` followed by `data: [DONE]`.',
        },
      },
      headers: {
        properties: {
          'x-llm-api-key': {
            type: 'string',
            maxLength: 512,
            description:
              'The client’s own key for the provider of the requested model, for this request only (never stored or ' +
              'logged); refused with 403 unless ALLOW_CLIENT_LLM_KEYS is on.',
          },
        },
      },
      errors: [
        'MODEL_NOT_FOUND',
        'CLIENT_LLM_KEY_FORBIDDEN',
        'INVALID_PARAMS',
        'QUEUE_FULL',
        ...RUN_FAILURES,
      ],
      errorShape: 'OpenAiError',
    },
    [`GET ${prefix}/models`]: {
      operationId: `${id}ListModels`,
      tags: TAGS,
      summary: 'The models this server answers with',
      responses: {
        200: {
          description:
            'The default model first, then every configured provider’s: the default provider’s by their own ids, ' +
            'the others as `provider:model` (none while no provider has named one).',
          json: ref('ModelList'),
        },
      },
      errors: [],
      errorShape: 'OpenAiError',
    },
    [`GET ${prefix}/models/*`]: {
      operationId: `${id}RetrieveModel`,
      tags: TAGS,
      summary: 'One model',
      wildcard: 'model',
      params: {
        model: {
          type: 'string',
          description:
            'The model id, or `<provider>/<id>`. It may contain `/` (`openai/gpt-4o`), sent as it is or as `%2F`.',
        },
      },
      responses: { 200: { description: 'The model.', json: ref('Model') } },
      errors: ['MODEL_NOT_FOUND'],
      errorShape: 'OpenAiError',
    },
  };
}

/** The OpenAI-compatible surfaces. */
export const OPENAI_ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  ...openai('/v1', 'v1'),
  ...openai('/api/v1', 'apiV1'),
};
