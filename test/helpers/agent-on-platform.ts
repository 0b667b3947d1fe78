import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { newClientKey, readEvents, startRun, type WireEvent } from './native-client.js';
import { simEnv, startTestServer, waitReady, type TestServer } from './start-test-server.js';
import { startLlmSimulator, type LlmSimulator } from '../sim/llm/llm-simulator.js';
import { startPlatformSimulator, type PlatformSimulator } from '../sim/platform/platform-simulator.js';

/** The server with the LLM simulator as its model and the platform simulator (strict) as its platform. */
export interface AgentOnPlatform {
  readonly llm: LlmSimulator;
  readonly platform: PlatformSimulator;
  readonly server: TestServer;
  /** Asks through the native API with a new client key; expects the run to complete and returns its events. */
  ask(question: string): Promise<WireEvent[]>;
  close(): Promise<void>;
}

/**
 * Starts both simulators and a server whose `CMW_*` settings log in to the platform simulator as `analyst`.
 * @param password - the analyst's password
 */
async function startAgentOnPlatform(password: string): Promise<AgentOnPlatform> {
  const llm = await startLlmSimulator();
  const platform = await startPlatformSimulator({ strict: true, users: [{ login: 'analyst', password }] });
  const server = await startTestServer(
    simEnv(llm.url, { CMW_BASE_URL: platform.url, CMW_LOGIN: 'analyst', CMW_PASSWORD: password }),
  );
  await waitReady(server.url);
  return {
    llm,
    platform,
    server,
    ask: async (question) => {
      const key = newClientKey();
      const { run_id } = await startRun(server.url, key, { question });
      const { events } = await readEvents(server.url, key, run_id);
      expect(events.at(-1)?.data).toMatchObject({ type: 'run-end', status: 'completed' });
      return events;
    },
    close: async () => {
      await server.close();
      await platform.close();
      await llm.close();
    },
  };
}

/**
 * {@link startAgentOnPlatform} for a whole test file: started before its tests, both simulators reset before each
 * test, closed after them. Call at the top level of the file; the handle is usable inside the tests.
 * @param password - the analyst's password
 */
export function useAgentOnPlatform(password: string): AgentOnPlatform {
  let agent: AgentOnPlatform | undefined;
  const get = (): AgentOnPlatform => {
    if (!agent) throw new Error('useAgentOnPlatform: used outside a test');
    return agent;
  };
  beforeAll(async () => {
    agent = await startAgentOnPlatform(password);
  });
  afterAll(() => agent?.close());
  beforeEach(() => {
    get().llm.reset();
    get().platform.reset();
  });
  return {
    get llm() {
      return get().llm;
    },
    get platform() {
      return get().platform;
    },
    get server() {
      return get().server;
    },
    ask: (question) => get().ask(question),
    close: () => get().close(),
  };
}
