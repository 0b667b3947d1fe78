import type { Dispatcher } from 'undici';
import type { ToolContext } from '../../src/tools/tool-context.js';
import type { PlatformSimulator } from '../sim/platform/platform-simulator.js';
import { testContext } from './call-tool.js';

/**
 * A tool context whose server defaults (`CMW_*`) point at the platform simulator with its default user.
 * @param sim - the running simulator
 * @param overrides - request credentials, timeout, allowlist, dispatcher
 */
export function simContext(
  sim: PlatformSimulator,
  overrides: {
    credentials?: ToolContext['credentials'];
    timeoutMs?: number;
    allowedBaseUrls?: string[];
    dispatcher?: Dispatcher;
  } = {},
): ToolContext {
  return testContext({
    credentials: overrides.credentials ?? {},
    platform: {
      baseUrl: sim.url,
      login: sim.credentials.login,
      password: sim.credentials.password,
      timeoutMs: overrides.timeoutMs ?? 5000,
      allowedBaseUrls: overrides.allowedBaseUrls ?? [],
    },
    ...(overrides.dispatcher ? { platformDispatcher: overrides.dispatcher } : {}),
  });
}
