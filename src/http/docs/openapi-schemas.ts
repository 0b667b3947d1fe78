import { ERROR_CODES } from '../../errors/app-error.js';
import type { JsonSchema } from './route-doc.js';

/** A `$ref` to a schema of {@link OPENAPI_SCHEMAS}. */
export const ref = (name: keyof typeof OPENAPI_SCHEMAS): JsonSchema => ({
  $ref: `#/components/schemas/${name}`,
});

const str = (description: string): JsonSchema => ({ type: 'string', description });
const int = (description: string): JsonSchema => ({ type: 'integer', minimum: 0, description });
const obj = (properties: Record<string, JsonSchema>, required = Object.keys(properties)): JsonSchema => ({
  type: 'object',
  required,
  properties,
});

const errorCode = {
  type: 'string',
  enum: Object.keys(ERROR_CODES),
  description: 'What went wrong, for programs: a code of docs/errors.md.',
};
const errorMessage = str('A sentence for people; never contains keys or passwords.');

/** The cost fields of a turn's usage and of a conversation's totals (`CostFields` in src/llm/cost-totals.ts). */
const costFields: Record<string, JsonSchema> = {
  cost: {
    type: 'number',
    description:
      'The cost in `currency`: the provider’s own figure (OpenRouter, Polza), else MODEL_PRICES_FILE, else the price the provider lists. Absent when no price is known (never a misleading 0) or when several currencies were used (see `costs`).',
  },
  currency: {
    type: 'string',
    pattern: '^[A-Z]{3}$',
    description: 'ISO 4217 code of `cost`: USD, RUB (Polza), or the currency of a MODEL_PRICES_FILE entry.',
  },
  costs: {
    type: 'object',
    additionalProperties: { type: 'number' },
    description:
      'The cost by currency, only when more than one currency was used (roubles are never added to dollars).',
  },
  costUsd: {
    type: 'number',
    description:
      'The part of the cost billed in US dollars (the only cost field before currencies were recorded).',
  },
};

const sessionSummary = obj({
  id: str('The session id.'),
  title: str('The title ("" when none).'),
  created_at: { type: 'string', format: 'date-time' },
  updated_at: { type: 'string', format: 'date-time' },
  turns: int('How many turns it holds.'),
});

const turn = obj(
  {
    id: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    status: { type: 'string', enum: ['completed', 'interrupted', 'failed'] },
    question: { type: 'string' },
    answer: str('The answer as the user saw it (the partial one when interrupted).'),
    model: str('The model that answered (absent in turns saved before models were recorded).'),
    error_code: str('The code of docs/errors.md that ended the turn, when one did.'),
    fallbacks: {
      type: 'array',
      description:
        'Models that failed before answering and the ones that took over (`provider:model`), in order.',
      items: obj({
        from: { type: 'string' },
        to: { type: 'string' },
        code: { type: 'string' },
        reason: { type: 'string' },
      }),
    },
    usage: obj(
      {
        inputTokens: { type: 'integer' },
        outputTokens: { type: 'integer' },
        totalTokens: { type: 'integer' },
        cachedInputTokens: {
          type: 'integer',
          description:
            'Of the input tokens, those read from the provider’s prompt cache, when it reports them.',
        },
        ...costFields,
        lastCallInputTokens: {
          type: 'integer',
          description: 'Input tokens of the turn’s last LLM call: how much of the context window it used.',
        },
        contextTokens: { type: 'integer', description: 'The context window of the model, in tokens.' },
      },
      ['inputTokens', 'outputTokens', 'totalTokens'],
    ),
    duration_ms: int('Wall time of the agent after admission.'),
    tools: {
      type: 'array',
      items: obj(
        {
          toolCallId: { type: 'string' },
          toolName: { type: 'string' },
          input: { description: 'The arguments the model gave.' },
          output: { description: 'The result; null when the call has none.' },
          isError: { type: 'boolean' },
          durationMs: int('Absent in turns saved before durations were recorded.'),
        },
        ['toolCallId', 'toolName', 'input', 'output', 'isError'],
      ),
    },
  },
  ['id', 'created_at', 'status', 'question', 'answer', 'tools'],
);

const usage = obj(
  {
    prompt_tokens: { type: 'integer' },
    completion_tokens: { type: 'integer' },
    total_tokens: { type: 'integer' },
    cost: { type: 'number', description: "USD, OpenRouter's extension, when the provider reports it." },
  },
  ['prompt_tokens', 'completion_tokens', 'total_tokens'],
);

const model = obj({
  id: str('The model id; `<provider>/<id>` names it too.'),
  object: { const: 'model' },
  created: int('Unix seconds the server started.'),
  owned_by: str('The provider.'),
});

/**
 * `components.schemas` of `/openapi.json`: the error bodies of the three surfaces and the JSON answers. They are
 * written out here (the routes build their answers in code, not from schemas); the API docs test validates real
 * answers of a running server against them.
 */
export const OPENAPI_SCHEMAS = {
  Error: {
    ...obj({ error: obj({ code: errorCode, message: errorMessage }) }),
    description: 'The error body of the server: a code of docs/errors.md and a message.',
  },
  GradioError: {
    ...obj({
      detail: str(
        "Gradio's field, what the Gradio clients show: the same text as error.message. Every answer of a Gradio " +
          'queue route carries it; the connection-level errors (408 REQUEST_TIMEOUT, 431 HEADERS_TOO_LARGE, ' +
          '400 MALFORMED_REQUEST), written before any route is known, do not.',
      ),
      error: obj({ code: errorCode, message: errorMessage }),
    }),
    required: ['error'],
    description: "The error body of the Gradio queue routes: ours plus Gradio's `detail`.",
  },
  McpError: {
    ...obj({
      jsonrpc: { const: '2.0' },
      error: obj(
        {
          code: {
            type: 'integer',
            description:
              'JSON-RPC: -32700 not JSON, -32600 invalid request, -32001 unknown session, -32000 other.',
          },
          message: errorMessage,
          data: {
            ...obj({ code: errorCode }),
            description:
              'The code of docs/errors.md; absent on the errors the MCP transport itself answers (406 without ' +
              'the Accept header it needs, 415 without application/json, 400 for a message that is not JSON-RPC).',
          },
        },
        ['code', 'message'],
      ),
      id: { type: 'null' },
    }),
    description: 'The error body of the MCP server: a JSON-RPC error object.',
  },
  OpenAiError: {
    ...obj({
      error: obj(
        {
          message: errorMessage,
          type: {
            type: 'string',
            enum: ['invalid_request_error', 'rate_limit_error', 'server_error'],
            description: '4xx, 429 and 5xx.',
          },
          param: { type: ['string', 'null'], description: 'The request field at fault, when one is.' },
          code: str(
            'The code of docs/errors.md, lower-cased (`invalid_api_key`, `model_not_found`…). Errors written ' +
              'before any route is known (408, 431, 400 MALFORMED_REQUEST) carry the upper-case code and no ' +
              'type or param.',
          ),
        },
        ['message', 'code'],
      ),
    }),
    description: "OpenAI's error object, which the OpenAI SDKs read.",
  },
  EventId: {
    ...obj({ event_id: str('The run: stream it with GET …/{api}/{event_id} or the queue/data stream.') }),
    description: 'A queued run.',
  },
  GradioSuccess: obj({ success: { const: true } }),
  GradioConfig: {
    type: 'object',
    required: ['version', 'api_prefix', 'protocol', 'components', 'dependencies'],
    properties: {
      version: str('The Gradio version the app claims (5.x).'),
      api_prefix: { const: '/gradio_api' },
      protocol: { const: 'sse_v3' },
      components: { type: 'array', items: { type: 'object' } },
      dependencies: {
        type: 'array',
        items: { type: 'object', properties: { id: { type: 'integer' }, api_name: { type: 'string' } } },
      },
    },
    description: 'The Gradio Blocks config: six textboxes and the queued dependencies ask and ask_stream.',
  },
  GradioApiInfo: {
    ...obj({
      named_endpoints: {
        type: 'object',
        additionalProperties: obj({
          parameters: { type: 'array', items: { type: 'object' } },
          returns: { type: 'array', items: { type: 'object' } },
        }),
      },
      unnamed_endpoints: { type: 'object' },
    }),
    description: 'The named endpoints /ask and /ask_stream with their parameters.',
  },
  Model: model,
  ModelList: obj({
    object: { const: 'list' },
    data: { type: 'array', items: { $ref: '#/components/schemas/Model' } },
  }),
  ChatCompletion: {
    ...obj({
      id: str('`chatcmpl-<run id>`.'),
      object: { const: 'chat.completion' },
      created: { type: 'integer' },
      model: str('The model name the request used.'),
      choices: {
        type: 'array',
        items: obj({
          index: { type: 'integer' },
          message: obj({
            role: { const: 'assistant' },
            content: { type: 'string' },
            refusal: { type: 'null' },
          }),
          logprobs: { type: 'null' },
          finish_reason: { type: 'string', enum: ['stop', 'length', 'content_filter'] },
        }),
      },
      usage,
    }),
    description: 'A non-streamed chat completion.',
  },
  ApiConfig: obj(
    {
      provider: str('The default model’s provider.'),
      model: str('The default model, as its provider names it ("" while unknown).'),
      models: {
        type: 'array',
        description: 'The models of every configured provider that has answered, default provider first.',
        items: obj(
          {
            id: str('`provider:model`: what a run names (`model`) to use it.'),
            provider: { type: 'string' },
            name: str('The model as its provider names it.'),
            context_tokens: { type: 'integer', description: 'Its context window, when the provider says.' },
          },
          ['id', 'provider', 'name'],
        ),
      },
      default_model: str('`provider:model` of the default model ("" while unknown).'),
      fallback_models: {
        type: 'array',
        items: { type: 'string' },
        description: 'AGENT_FALLBACK_MODELS: where a run moves when its model fails before it answered.',
      },
      client_llm_keys: {
        type: 'boolean',
        description: 'Whether runs may bring their own LLM key (X-LLM-API-Key; ALLOW_CLIENT_LLM_KEYS).',
      },
      ready: { type: 'boolean' },
      reason: str('Why it is not ready (absent when ready).'),
      auth_required: {
        type: 'boolean',
        description: 'Whether API_KEYS is set (the web chat then asks for a key).',
      },
    },
    [
      'provider',
      'model',
      'models',
      'default_model',
      'fallback_models',
      'client_llm_keys',
      'ready',
      'auth_required',
    ],
  ),
  RunStarted: obj({ run_id: { type: 'string' }, session_id: { type: 'string' } }),
  RunCancelled: obj({ cancelled: { const: true } }),
  ApprovalDecided: obj({ approval_id: { type: 'string' }, approved: { type: 'boolean' } }),
  FilesUploaded: obj({
    session_id: { type: 'string' },
    files: { type: 'array', items: { $ref: '#/components/schemas/StoredFile' } },
  }),
  FileList: obj({ files: { type: 'array', items: { $ref: '#/components/schemas/StoredFile' } } }),
  StoredFile: obj({
    id: { type: 'string' },
    name: str('The sanitised file name.'),
    size: { type: 'integer' },
    media_type: str('Sniffed from the bytes, not taken from the client.'),
    created_at: { type: 'string', format: 'date-time' },
  }),
  SessionSummary: sessionSummary,
  SessionList: obj({ sessions: { type: 'array', items: { $ref: '#/components/schemas/SessionSummary' } } }),
  Session: {
    ...obj({
      id: { type: 'string' },
      title: { type: 'string' },
      created_at: { type: 'string', format: 'date-time' },
      updated_at: { type: 'string', format: 'date-time' },
      turns: { type: 'array', items: turn },
      usage: {
        ...obj(
          {
            inputTokens: { type: 'integer' },
            outputTokens: { type: 'integer' },
            totalTokens: { type: 'integer' },
            cachedInputTokens: { type: 'integer' },
            ...costFields,
          },
          ['inputTokens', 'outputTokens', 'totalTokens', 'cachedInputTokens'],
        ),
        description: 'The conversation’s totals over its turns (turns saved without usage count 0).',
      },
    }),
    description: 'A session and its turns, oldest first, with its token and cost totals.',
  },
  Health: obj({ status: { const: 'ok' }, uptimeS: int('Seconds since start.') }),
  Ready: obj(
    {
      status: { const: 'ready' },
      provider: { type: 'string' },
      model: { type: 'string' },
      reason: str('Present when the default provider is down and runs start on a fallback model meanwhile.'),
      queue: obj({ running: { type: 'integer' }, waiting: { type: 'integer' }, stored: { type: 'integer' } }),
    },
    ['status', 'provider', 'model', 'queue'],
  ),
  NotReady: obj({
    status: {
      type: 'string',
      enum: ['initializing', 'not-configured', 'unavailable', 'degraded', 'backend_unavailable'],
      description:
        'The state of the LLM provider, or `backend_unavailable` when Redis (clustered mode) does not answer.',
    },
    reason: str('Why it cannot answer yet, naming what to set or wait for.'),
    provider: { type: 'string' },
  }),
} satisfies Record<string, JsonSchema>;
