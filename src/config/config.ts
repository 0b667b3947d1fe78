import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** LLM providers this server can talk to, in the order a default is picked when AGENT_PROVIDER is not set. */
export const PROVIDERS = [
  'openrouter',
  'openai',
  'polza',
  'gemini',
  'groq',
  'mistral',
  'gigachat',
  'huggingface',
] as const;
/** An LLM provider this server can talk to. */
export type ProviderId = (typeof PROVIDERS)[number];

/** A provider's key and base URL, as the environment gives them. */
export interface ProviderEnv {
  readonly apiKey: string | undefined;
  readonly baseUrl: string | undefined;
}

const SESSION_STORES = ['sqlite', 'memory', 'postgres'] as const;

/** The samplers of `OTEL_TRACES_SAMPLER` this server honours (the OpenTelemetry specification's names). */
const TRACE_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
type TraceSamplerName = (typeof TRACE_SAMPLERS)[number];
/** Where conversation history lives. */
export type SessionStoreKind = (typeof SESSION_STORES)[number];

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);
const num = (min: number, max: number, fallback: number) =>
  z.coerce.number().min(min).max(max).default(fallback);

const list = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== ''),
  );

/** `MCP_SERVERS`: external MCP servers (Streamable HTTP) whose tools the agent gets. */
const mcpServers = z
  .array(
    z.strictObject({
      name: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a name is 1-32 of A-Z a-z 0-9 _ -'),
      url: z.url({ protocol: /^https?$/ }),
      headers: z.record(z.string(), z.string()).optional(),
    }),
  )
  .refine((list) => new Set(list.map((s) => s.name)).size === list.length, 'names must differ');

const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: int(0, 65535, 7860),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  AGENT_PROVIDER: z.enum(PROVIDERS).optional(),
  AGENT_DEFAULT_MODEL: optionalString,
  AGENT_FALLBACK_MODELS: list,
  MCP_SERVERS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return [];
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {"name", "url", "headers"?}' });
        return z.NEVER;
      }
      const parsed = mcpServers.safeParse(value);
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a JSON array of {"name", "url", "headers"?}: ${parsed.error.issues[0]?.message ?? ''}`,
        });
        return z.NEVER;
      }
      return parsed.data;
    }),
  MCP_SESSION_IDLE_S: num(10, 604_800, 1800),
  MCP_MAX_SESSIONS: int(1, 100_000, 1000),
  AGENT_APPROVAL: z.enum(['destructive', 'writes', 'none']).default('destructive'),
  APPROVAL_TIMEOUT_S: num(1, 86_400, 600),
  AGENT_MAX_STEPS: int(1, 100, 25),
  AGENT_CONTEXT_TOKENS: z.coerce.number().int().min(1024).max(10_000_000).optional(),
  AGENT_MAX_OUTPUT_TOKENS: int(64, 1_000_000, 8192),
  DEFAULT_TIMEZONE: z.string().default('UTC'),

  OPENROUTER_API_KEY: optionalString,
  OPENROUTER_BASE_URL: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  POLZA_API_KEY: optionalString,
  POLZA_BASE_URL: optionalString,
  GEMINI_KEY: optionalString,
  GEMINI_BASE_URL: optionalString,
  GROQ_API_KEY: optionalString,
  GROQ_BASE_URL: optionalString,
  MISTRAL_API_KEY: optionalString,
  MISTRAL_BASE_URL: optionalString,
  GIGACHAT_API_KEY: optionalString,
  GIGACHAT_BASE_URL: optionalString,
  GIGACHAT_SCOPE: z
    .enum(['GIGACHAT_API_PERS', 'GIGACHAT_API_B2B', 'GIGACHAT_API_CORP'])
    .default('GIGACHAT_API_PERS'),
  GIGACHAT_AUTH_URL: z.string().url().default('https://ngw.devices.sberbank.ru:9443/api/v2/oauth'),
  GIGACHAT_TIMEOUT: num(1, 600, 30),
  GIGACHAT_VERIFY_SSL: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default('true')
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  HUGGINGFACE_API_KEY: optionalString,
  HUGGINGFACE_BASE_URL: optionalString,
  ALLOW_CLIENT_LLM_KEYS: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default('false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  LLM_MAX_RETRIES: int(0, 10, 2),
  LLM_TIMEOUT_S: num(0.1, 3600, 120),
  LLM_CHUNK_TIMEOUT_S: num(0.1, 3600, 60),
  LLM_STARTUP_TIMEOUT_S: num(0.1, 600, 10),
  MODEL_PRICES_FILE: optionalString,

  CMW_BASE_URL: optionalString,
  CMW_LOGIN: optionalString,
  CMW_PASSWORD: optionalString,
  CMW_TIMEOUT_S: num(1, 600, 30),
  CMW_ALLOWED_BASE_URLS: list,

  QUEUE_CONCURRENCY: int(1, 10_000, 1),
  QUEUE_TIMEOUT_S: num(0.01, 86_400, 30),
  QUEUE_MAX_SIZE: int(0, 1_000_000, 100),

  STREAM_MAX_FPS: num(0.1, 1000, 20),
  STREAM_HEARTBEAT_S: num(0.05, 3600, 15),
  RUN_RETENTION_S: num(1, 86_400 * 7, 3600),
  RUN_MAX_STORED: int(1, 1_000_000, 2000),

  REDIS_URL: optionalString,
  REDIS_KEY_PREFIX: z.string().default('cmw:'),
  RUN_LEASE_S: num(1, 3600, 15),

  SESSION_STORE: z.enum(SESSION_STORES).default('sqlite'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optionalString,
  DATABASE_POOL_MAX: int(1, 1000, 10),

  API_KEYS: list,
  BODY_LIMIT_BYTES: int(1024, 100 * 1024 * 1024, 1024 * 1024),
  UPLOAD_MAX_BYTES: int(1, 1024 * 1024 * 1024, 20 * 1024 * 1024),
  UPLOAD_MAX_FILES_PER_SESSION: int(1, 10_000, 50),
  SHUTDOWN_GRACE_S: num(0, 600, 10),
  REQUEST_TIMEOUT_S: num(0, 3600, 30),
  MAX_CONNECTIONS: int(0, 1_000_000, 1024),
  MAX_CONNECTIONS_PER_IP: int(0, 1_000_000, 64),

  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalString,
  OTEL_EXPORTER_OTLP_HEADERS: optionalString,
  OTEL_SERVICE_NAME: z.string().default('cmw-platform-agent'),
  OTEL_TRACES_SAMPLER: z.enum(TRACE_SAMPLERS).default('parentbased_always_on'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  // The specification's switch: `true` (any case) turns tracing off even with an endpoint set.
  OTEL_SDK_DISABLED: z
    .string()
    .optional()
    .transform((s) => s?.trim().toLowerCase() === 'true'),
});

/** The validated, frozen configuration of one server process. Only this module reads the environment. */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly agent: {
    /** The provider of the default model: AGENT_PROVIDER, else the one AGENT_DEFAULT_MODEL names, else the first configured. */
    readonly provider: ProviderId;
    /** Model id (without the provider); when absent the provider's default (or the first model it lists) is used. */
    readonly model: string | undefined;
    /** Models to move to, in order, when the current one fails before it streamed anything (`provider:model` each). */
    readonly fallbackModels: readonly string[];
    /** External MCP servers whose tools the agent gets as `<name>__<tool>` (MCP_SERVERS; none by default). */
    readonly mcpServers: readonly {
      readonly name: string;
      readonly url: string;
      readonly headers?: Readonly<Record<string, string>> | undefined;
    }[];
    /** The MCP server at `/mcp`: how long an idle session is kept, and how many this instance keeps at most. */
    readonly mcpServer: { readonly sessionIdleMs: number; readonly maxSessions: number };
    /** Which tool calls wait for a person: `destructive` (deletes, archives), `writes` (every change), `none`. */
    readonly approval: 'destructive' | 'writes' | 'none';
    /** How long a held call waits for a decision before it counts as denied. */
    readonly approvalTimeoutMs: number;
    readonly maxSteps: number;
    /** Context window to budget history for; when unset, what the provider reports (else 131072). */
    readonly contextTokens: number | undefined;
    readonly maxOutputTokens: number;
    readonly timezone: string;
  };
  readonly llm: {
    /** Each provider's key and base URL (`<PROVIDER>_API_KEY`, `<PROVIDER>_BASE_URL`; Gemini's key is GEMINI_KEY). */
    readonly providers: Readonly<Record<ProviderId, ProviderEnv>>;
    /** Whether a client may send its own LLM key for its runs (`X-LLM-API-Key`); never stored or logged. */
    readonly allowClientKeys: boolean;
    /** How GigaChat's access tokens are got with GIGACHAT_API_KEY (its authorization key). */
    readonly gigachat: {
      readonly scope: string;
      readonly authUrl: string;
      readonly verifySsl: boolean;
      /** GIGACHAT_TIMEOUT: longest wait for an access token. */
      readonly tokenTimeoutMs: number;
    };
    readonly maxRetries: number;
    readonly timeoutMs: number;
    readonly chunkTimeoutMs: number;
    readonly startupTimeoutMs: number;
    /** A JSON price table (USD per million tokens by `provider:model`) for providers that report no cost. */
    readonly pricesFile: string | undefined;
  };
  readonly platform: {
    readonly baseUrl: string | undefined;
    readonly login: string | undefined;
    readonly password: string | undefined;
    readonly timeoutMs: number;
    readonly allowedBaseUrls: readonly string[];
  };
  readonly queue: {
    readonly concurrency: number;
    readonly timeoutMs: number;
    readonly maxSize: number;
  };
  readonly stream: {
    readonly maxFps: number;
    readonly heartbeatMs: number;
  };
  readonly runs: {
    readonly retentionMs: number;
    readonly maxStored: number;
  };
  /** The clustered mode: the global queue and the run streams on Redis. */
  readonly redis: {
    /** `redis://…` or `rediss://…`; unset keeps everything in the process. Holds a password: never logged or shown. */
    readonly url: string | undefined;
    /** Put before every key, so several deployments can share one Redis. @default 'cmw:' */
    readonly keyPrefix: string;
    /** How long a run's slot outlives its instance's last heartbeat (`RUN_LEASE_S`). @default 15000 */
    readonly leaseMs: number;
  };
  readonly sessions: {
    readonly store: SessionStoreKind;
    readonly dataDir: string;
    /** `postgres://…` (with `SESSION_STORE=postgres`); holds a password, so it is never logged or shown. */
    readonly databaseUrl: string | undefined;
    /** Most PostgreSQL connections one instance opens. @default 10 */
    readonly databasePoolMax: number;
  };
  readonly http: {
    /** Keys the API accepts as `Authorization: Bearer <key>`; empty means no key is required. */
    readonly apiKeys: readonly string[];
    readonly bodyLimitBytes: number;
    /** Largest uploaded file (UPLOAD_MAX_BYTES). */
    readonly uploadMaxBytes: number;
    /** Most files a conversation holds (UPLOAD_MAX_FILES_PER_SESSION). */
    readonly uploadMaxFilesPerSession: number;
    readonly shutdownGraceMs: number;
    /** Longest time to receive one whole request (headers and body); 0 turns it off. Responses are not limited. */
    readonly requestTimeoutMs: number;
    /** Open connections in all; 0 means no limit. */
    readonly maxConnections: number;
    /** Open connections from one client address (loopback is not counted); 0 means no limit. */
    readonly maxConnectionsPerIp: number;
  };
  /** OpenTelemetry traces, sent over OTLP/HTTP (JSON); off unless an endpoint is set. */
  readonly tracing: {
    /**
     * Where spans go: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as given, else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`
     * (as the OpenTelemetry SDKs read them); undefined turns tracing off.
     */
    readonly endpoint: string | undefined;
    /** `OTEL_EXPORTER_OTLP_HEADERS` (`key=value,…`, e.g. a collector's token); never logged. */
    readonly headers: Readonly<Record<string, string>>;
    /** `OTEL_SERVICE_NAME`, the `service.name` of every span. @default 'cmw-platform-agent' */
    readonly serviceName: string;
    /**
     * Which runs are traced, from `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG`.
     * @default { parentBased: true, ratio: 1 } (`parentbased_always_on`: every run; a caller's decision is followed)
     */
    readonly sampler: {
      /** A caller's `traceparent` decides for its runs (sampled or not); `ratio` applies to new traces only. */
      readonly parentBased: boolean;
      /** Share of new traces kept, 0–1 (`always_on` 1, `always_off` 0, `*traceidratio` the ARG, default 1). */
      readonly ratio: number;
    };
  };
}

/** Thrown when the environment does not describe a valid configuration; names every offending variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses an environment into a frozen {@link Config}.
 * @param env - the variables to read; defaults to `process.env` after loading `.env` when present.
 * @throws ConfigError naming each invalid variable.
 */
export function loadConfig(env: Record<string, string | undefined> = readProcessEnv()): Config {
  // An empty assignment (`PORT=` in .env) means "use the default", as it does for dotenv users.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const s = (seconds: number) => Math.round(seconds * 1000);
  const config: Config = {
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    agent: {
      ...defaultModelOf(e),
      fallbackModels: e.AGENT_FALLBACK_MODELS,
      approval: e.AGENT_APPROVAL,
      mcpServers: e.MCP_SERVERS,
      mcpServer: { sessionIdleMs: s(e.MCP_SESSION_IDLE_S), maxSessions: e.MCP_MAX_SESSIONS },
      approvalTimeoutMs: s(e.APPROVAL_TIMEOUT_S),
      maxSteps: e.AGENT_MAX_STEPS,
      contextTokens: e.AGENT_CONTEXT_TOKENS,
      maxOutputTokens: e.AGENT_MAX_OUTPUT_TOKENS,
      timezone: validTimezone(e.DEFAULT_TIMEZONE),
    },
    llm: {
      providers: providersOf(e),
      allowClientKeys: e.ALLOW_CLIENT_LLM_KEYS,
      gigachat: {
        scope: e.GIGACHAT_SCOPE,
        authUrl: e.GIGACHAT_AUTH_URL,
        verifySsl: e.GIGACHAT_VERIFY_SSL,
        tokenTimeoutMs: s(e.GIGACHAT_TIMEOUT),
      },
      maxRetries: e.LLM_MAX_RETRIES,
      timeoutMs: s(e.LLM_TIMEOUT_S),
      chunkTimeoutMs: s(e.LLM_CHUNK_TIMEOUT_S),
      startupTimeoutMs: s(e.LLM_STARTUP_TIMEOUT_S),
      pricesFile: e.MODEL_PRICES_FILE,
    },
    platform: {
      baseUrl: e.CMW_BASE_URL,
      login: e.CMW_LOGIN,
      password: e.CMW_PASSWORD,
      timeoutMs: s(e.CMW_TIMEOUT_S),
      allowedBaseUrls: e.CMW_ALLOWED_BASE_URLS,
    },
    queue: { concurrency: e.QUEUE_CONCURRENCY, timeoutMs: s(e.QUEUE_TIMEOUT_S), maxSize: e.QUEUE_MAX_SIZE },
    stream: { maxFps: e.STREAM_MAX_FPS, heartbeatMs: s(e.STREAM_HEARTBEAT_S) },
    runs: { retentionMs: s(e.RUN_RETENTION_S), maxStored: e.RUN_MAX_STORED },
    redis: { url: validRedisUrl(e.REDIS_URL), keyPrefix: e.REDIS_KEY_PREFIX, leaseMs: s(e.RUN_LEASE_S) },
    sessions: {
      store: e.SESSION_STORE,
      dataDir: path.resolve(e.DATA_DIR),
      databaseUrl: validDatabaseUrl(e.SESSION_STORE, e.DATABASE_URL),
      databasePoolMax: e.DATABASE_POOL_MAX,
    },
    http: {
      apiKeys: e.API_KEYS,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      uploadMaxBytes: e.UPLOAD_MAX_BYTES,
      uploadMaxFilesPerSession: e.UPLOAD_MAX_FILES_PER_SESSION,
      shutdownGraceMs: s(e.SHUTDOWN_GRACE_S),
      requestTimeoutMs: s(e.REQUEST_TIMEOUT_S),
      maxConnections: e.MAX_CONNECTIONS,
      maxConnectionsPerIp: e.MAX_CONNECTIONS_PER_IP,
    },
    tracing: {
      endpoint: e.OTEL_SDK_DISABLED
        ? undefined
        : tracesEndpoint(e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, e.OTEL_EXPORTER_OTLP_ENDPOINT),
      headers: otlpHeaders(e.OTEL_EXPORTER_OTLP_HEADERS),
      serviceName: e.OTEL_SERVICE_NAME,
      sampler: traceSampler(e.OTEL_TRACES_SAMPLER, e.OTEL_TRACES_SAMPLER_ARG),
    },
  };
  return deepFreeze(config);
}

/** The OTLP/HTTP traces URL from the two standard variables; an http(s) URL or undefined. */
function tracesEndpoint(traces: string | undefined, base: string | undefined): string | undefined {
  const url = traces ?? (base === undefined ? undefined : `${base.replace(/\/+$/, '')}/v1/traces`);
  if (url === undefined) return undefined;
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new ConfigError(
      `Invalid configuration: ${traces !== undefined ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT'}: not an http(s) URL (e.g. http://127.0.0.1:4318)`,
    );
  return url;
}

/** A sampler by its specification name; the ARG is read by the ratio samplers only (as the SDKs do). */
function traceSampler(name: TraceSamplerName, arg: number | undefined): Config['tracing']['sampler'] {
  const parentBased = name.startsWith('parentbased_');
  const kind = parentBased ? name.slice('parentbased_'.length) : name;
  const ratio = kind === 'always_on' ? 1 : kind === 'always_off' ? 0 : (arg ?? 1);
  return { parentBased, ratio };
}

/** `key=value,key2=value2` (values URL-encoded, as the OpenTelemetry specification has it). */
function otlpHeaders(raw: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const value = pair.slice(at + 1).trim();
    try {
      headers[pair.slice(0, at).trim()] = decodeURIComponent(value);
    } catch {
      headers[pair.slice(0, at).trim()] = value;
    }
  }
  return headers;
}

/** DATABASE_URL is required by, and read only for, `SESSION_STORE=postgres`; errors never echo it (a password). */
function validDatabaseUrl(store: SessionStoreKind, url: string | undefined): string | undefined {
  if (store !== 'postgres') return undefined;
  if (url === undefined)
    throw new ConfigError(
      'Invalid configuration: DATABASE_URL: required with SESSION_STORE=postgres (postgres://user:password@host:5432/database)',
    );
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:')
    throw new ConfigError(
      'Invalid configuration: DATABASE_URL: not a postgres:// URL (postgres://user:password@host:5432/database)',
    );
  return url;
}

/** REDIS_URL, when set, must be a redis:// or rediss:// URL; errors never echo it (a password). */
function validRedisUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:')
    throw new ConfigError(
      'Invalid configuration: REDIS_URL: not a redis:// or rediss:// URL (redis://[user:password@]host:6379[/db])',
    );
  return url;
}

function validTimezone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    throw new ConfigError(`Invalid configuration: DEFAULT_TIMEZONE: unknown time zone "${tz}"`);
  }
}

function readProcessEnv(): Record<string, string | undefined> {
  const file = path.resolve('.env');
  // Variables already set in the environment win over the file, as with dotenv.
  if (existsSync(file)) process.loadEnvFile(file);
  return process.env;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

type Env = z.infer<typeof envSchema>;

/** Each provider's key and base URL from the environment. */
function providersOf(e: Env): Record<ProviderId, ProviderEnv> {
  return {
    openrouter: { apiKey: e.OPENROUTER_API_KEY, baseUrl: e.OPENROUTER_BASE_URL },
    openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL },
    polza: { apiKey: e.POLZA_API_KEY, baseUrl: e.POLZA_BASE_URL },
    gemini: { apiKey: e.GEMINI_KEY, baseUrl: e.GEMINI_BASE_URL },
    groq: { apiKey: e.GROQ_API_KEY, baseUrl: e.GROQ_BASE_URL },
    mistral: { apiKey: e.MISTRAL_API_KEY, baseUrl: e.MISTRAL_BASE_URL },
    gigachat: { apiKey: e.GIGACHAT_API_KEY, baseUrl: e.GIGACHAT_BASE_URL },
    huggingface: { apiKey: e.HUGGINGFACE_API_KEY, baseUrl: e.HUGGINGFACE_BASE_URL },
  };
}

/**
 * The default model's provider and id. `AGENT_DEFAULT_MODEL` may name its provider (`gemini:gemini-2.5-flash`);
 * without AGENT_PROVIDER the provider is that one, else the first with a key (or, for `openai`, a base URL), else
 * OpenRouter (which then reports what to set).
 */
function defaultModelOf(e: Env): { provider: ProviderId; model: string | undefined } {
  const named = e.AGENT_DEFAULT_MODEL === undefined ? undefined : splitModelRef(e.AGENT_DEFAULT_MODEL);
  if (named?.provider !== undefined) {
    if (e.AGENT_PROVIDER !== undefined && e.AGENT_PROVIDER !== named.provider)
      throw new ConfigError(
        `Invalid configuration: AGENT_DEFAULT_MODEL names the provider "${named.provider}" but AGENT_PROVIDER is "${e.AGENT_PROVIDER}".`,
      );
    return { provider: named.provider, model: named.model };
  }
  const providers = providersOf(e);
  const configured = PROVIDERS.find(
    (id) => providers[id].apiKey !== undefined || (id === 'openai' && providers[id].baseUrl !== undefined),
  );
  return { provider: e.AGENT_PROVIDER ?? configured ?? 'openrouter', model: e.AGENT_DEFAULT_MODEL };
}

/**
 * Splits a model name into its provider and model id: `gemini:gemini-2.5-flash` → gemini + `gemini-2.5-flash`.
 * A name whose part before the first colon is not a provider is a model id of the default provider as it is
 * (`qwen/qwen3-coder:free` stays whole).
 * @param name - a model name as a user or the configuration gives it
 */
export function splitModelRef(name: string): { provider: ProviderId | undefined; model: string } {
  const colon = name.indexOf(':');
  const prefix = colon > 0 ? name.slice(0, colon).trim().toLowerCase() : '';
  if ((PROVIDERS as readonly string[]).includes(prefix) && name.slice(colon + 1).trim() !== '')
    return { provider: prefix as ProviderId, model: name.slice(colon + 1).trim() };
  return { provider: undefined, model: name.trim() };
}
