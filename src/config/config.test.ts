import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, splitModelRef } from './config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(7860);
    expect(c.agent.provider).toBe('openrouter');
    expect(c.agent.maxSteps).toBe(25);
    expect(c.queue).toEqual({ concurrency: 1, timeoutMs: 30_000, maxSize: 100 });
    expect(c.stream.maxFps).toBe(20);
    expect(c.stream.heartbeatMs).toBe(15_000);
    expect(c.sessions.store).toBe('sqlite');
    expect(c.http.bodyLimitBytes).toBe(1024 * 1024);
    expect(c.http.requestTimeoutMs).toBe(30_000);
    expect(c.http.maxConnections).toBe(1024);
    expect(c.http.maxConnectionsPerIp).toBe(64);
  });

  it('reads the connection limits; 0 turns each off', () => {
    const c = loadConfig({ REQUEST_TIMEOUT_S: '0', MAX_CONNECTIONS: '0', MAX_CONNECTIONS_PER_IP: '0' });
    expect(c.http).toMatchObject({ requestTimeoutMs: 0, maxConnections: 0, maxConnectionsPerIp: 0 });
    expect(loadConfig({ REQUEST_TIMEOUT_S: '2.5' }).http.requestTimeoutMs).toBe(2500);
    expect(() => loadConfig({ MAX_CONNECTIONS_PER_IP: '-1' })).toThrow(/MAX_CONNECTIONS_PER_IP/);
  });

  it('is frozen', () => {
    const c = loadConfig({});
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.queue)).toBe(true);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc', QUEUE_CONCURRENCY: '0', AGENT_PROVIDER: 'nope' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: 'abc', QUEUE_CONCURRENCY: '0' });
    } catch (e) {
      expect(String(e)).toMatch(/PORT/);
      expect(String(e)).toMatch(/QUEUE_CONCURRENCY/);
    }
  });

  it('treats empty strings as unset and trims', () => {
    const c = loadConfig({ OPENAI_API_KEY: '  ', AGENT_DEFAULT_MODEL: ' m ' });
    expect(c.llm.providers.openai.apiKey).toBeUndefined();
    expect(c.agent.model).toBe('m');
  });

  it('reads .env.example as it ships: empty values mean defaults', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseEnv } = await import('node:util');
    const c = loadConfig(parseEnv(readFileSync('.env.example', 'utf8')));
    expect(c.port).toBe(7860);
    expect(c.agent.contextTokens).toBeUndefined();
  });

  it('reads REDIS_URL (redis:// or rediss://, never echoed), the key prefix and RUN_LEASE_S', () => {
    expect(loadConfig({}).redis).toEqual({ url: undefined, keyPrefix: 'cmw:', leaseMs: 15_000 });
    const c = loadConfig({ REDIS_URL: 'redis://:pw@cache:6379/2', REDIS_KEY_PREFIX: 'a:', RUN_LEASE_S: '5' });
    expect(c.redis).toEqual({ url: 'redis://:pw@cache:6379/2', keyPrefix: 'a:', leaseMs: 5_000 });
    let message = '';
    try {
      loadConfig({ REDIS_URL: 'http://u:hunter2@cache:6379' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/REDIS_URL: not a redis:\/\/ or rediss:\/\/ URL/);
    expect(message).not.toContain('hunter2');
  });

  it('requires a postgres:// DATABASE_URL with SESSION_STORE=postgres, and never echoes it', () => {
    expect(() => loadConfig({ SESSION_STORE: 'postgres' })).toThrow(/DATABASE_URL: required/);
    let message = '';
    try {
      loadConfig({ SESSION_STORE: 'postgres', DATABASE_URL: 'mysql://u:hunter2@db/x' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL: not a postgres:\/\/ URL/);
    expect(message).not.toContain('hunter2');
    const c = loadConfig({ SESSION_STORE: 'postgres', DATABASE_URL: 'postgres://u:p@db:5432/x' });
    expect(c.sessions).toMatchObject({
      store: 'postgres',
      databaseUrl: 'postgres://u:p@db:5432/x',
      databasePoolMax: 10,
    });
    // Read only for PostgreSQL.
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db/x' }).sessions.databaseUrl).toBeUndefined();
  });

  it('turns traces on with an OTLP endpoint only: the traces URL, the headers, the service name', () => {
    expect(loadConfig({}).tracing).toEqual({
      endpoint: undefined,
      headers: {},
      serviceName: 'cmw-platform-agent',
      sampler: { parentBased: true, ratio: 1 },
    });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing.endpoint).toBe(
      'http://collector:4318/v1/traces',
    );
    const c = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector.example/otlp/traces',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc, x-team = ops',
      OTEL_SERVICE_NAME: 'agent-eu',
    });
    expect(c.tracing).toMatchObject({
      endpoint: 'https://collector.example/otlp/traces',
      headers: { authorization: 'Bearer abc', 'x-team': 'ops' },
      serviceName: 'agent-eu',
    });
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: not an http\(s\) URL/,
    );
    // The specification's switch wins over an endpoint (e.g. one injected into every pod).
    const disabled = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'TRUE' };
    expect(loadConfig(disabled).tracing.endpoint).toBeUndefined();
    expect(loadConfig({ ...disabled, OTEL_SDK_DISABLED: 'false' }).tracing.endpoint).toBeDefined();
  });

  it('reads the standard sampler variables: OTEL_TRACES_SAMPLER and its ratio OTEL_TRACES_SAMPLER_ARG', () => {
    const sampler = (env: Record<string, string>) => loadConfig(env).tracing.sampler;
    expect(
      sampler({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }),
    ).toEqual({ parentBased: true, ratio: 0.25 });
    expect(sampler({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' })).toEqual({
      parentBased: false,
      ratio: 0.1,
    });
    expect(sampler({ OTEL_TRACES_SAMPLER: 'traceidratio' })).toEqual({ parentBased: false, ratio: 1 });
    expect(sampler({ OTEL_TRACES_SAMPLER: 'always_off', OTEL_TRACES_SAMPLER_ARG: '0.5' })).toEqual({
      parentBased: false,
      ratio: 0,
    });
    expect(sampler({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' })).toEqual({
      parentBased: true,
      ratio: 0,
    });
    expect(sampler({ OTEL_TRACES_SAMPLER: 'always_on' })).toEqual({ parentBased: false, ratio: 1 });
    expect(() => loadConfig({ OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
    expect(() => loadConfig({ OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toThrow(/OTEL_TRACES_SAMPLER/);
  });

  it('rejects an unknown time zone', () => {
    expect(() => loadConfig({ DEFAULT_TIMEZONE: 'Mars/Olympus' })).toThrow(/DEFAULT_TIMEZONE/);
  });
});

describe('LLM providers and models', () => {
  it('takes the provider from AGENT_DEFAULT_MODEL when it names one', () => {
    const c = loadConfig({ AGENT_DEFAULT_MODEL: 'gemini:gemini-2.5-flash', GEMINI_KEY: 'k' });
    expect(c.agent).toMatchObject({ provider: 'gemini', model: 'gemini-2.5-flash' });
  });

  it('keeps an OpenRouter id with a colon whole: the part before it is not a provider', () => {
    const c = loadConfig({ AGENT_DEFAULT_MODEL: 'qwen/qwen3-coder:free' });
    expect(c.agent).toMatchObject({ provider: 'openrouter', model: 'qwen/qwen3-coder:free' });
    expect(splitModelRef('groq:llama-3.3-70b-versatile')).toEqual({
      provider: 'groq',
      model: 'llama-3.3-70b-versatile',
    });
    expect(splitModelRef('gigachat:')).toEqual({ provider: undefined, model: 'gigachat:' });
  });

  it('without AGENT_PROVIDER, defaults to the first provider with a key', () => {
    expect(loadConfig({ MISTRAL_API_KEY: 'k', GROQ_API_KEY: 'k' }).agent.provider).toBe('groq');
    expect(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).agent.provider).toBe('openai');
    expect(loadConfig({ AGENT_PROVIDER: 'mistral', GROQ_API_KEY: 'k' }).agent.provider).toBe('mistral');
  });

  it('refuses AGENT_DEFAULT_MODEL naming another provider than AGENT_PROVIDER', () => {
    expect(() =>
      loadConfig({ AGENT_PROVIDER: 'groq', AGENT_DEFAULT_MODEL: 'gemini:gemini-2.5-flash' }),
    ).toThrow(ConfigError);
  });

  it('reads the fallback list, client keys and GigaChat’s token settings', () => {
    const c = loadConfig({
      AGENT_FALLBACK_MODELS: 'groq:llama-3.3-70b-versatile, gemini:gemini-2.5-flash',
      ALLOW_CLIENT_LLM_KEYS: 'true',
      GIGACHAT_SCOPE: 'GIGACHAT_API_CORP',
      GIGACHAT_VERIFY_SSL: 'false',
    });
    expect(c.agent.fallbackModels).toEqual(['groq:llama-3.3-70b-versatile', 'gemini:gemini-2.5-flash']);
    expect(c.llm.allowClientKeys).toBe(true);
    expect(c.llm.gigachat).toMatchObject({ scope: 'GIGACHAT_API_CORP', verifySsl: false });
    expect(loadConfig({}).llm.allowClientKeys).toBe(false);
    expect(() => loadConfig({ GIGACHAT_SCOPE: 'GIGACHAT_API_ANY' })).toThrow(/GIGACHAT_SCOPE/);
  });
});
