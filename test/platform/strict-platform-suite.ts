import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startPlatformSimulator, type PlatformSimulator } from '../sim/platform/platform-simulator.js';
import { toolCaller, type ToolCaller } from './call-tool.js';
import { simContext } from './sim-context.js';

/** What a tool test file gets: the simulator and a caller bound to it, fresh for every test. */
export interface StrictPlatformSuite {
  readonly sim: PlatformSimulator;
  readonly call: ToolCaller;
}

/**
 * Registers the hooks every tool test file needs: one simulator in strict mode (requests checked against the
 * OpenAPI file) for the file, its seed restored and the tools rebound before each test, and after each test the
 * assertion that the client sent nothing the spec forbids.
 */
export function strictPlatformSuite(): StrictPlatformSuite {
  let sim: PlatformSimulator | undefined;
  let call: ToolCaller | undefined;
  beforeAll(async () => {
    sim = await startPlatformSimulator({ strict: true });
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => {
    sim!.reset();
    call = toolCaller(simContext(sim!));
  });
  afterEach(() => expect(sim!.violations.filter((v) => v.kind !== 'response')).toEqual([]));
  return {
    get sim() {
      return sim!;
    },
    get call() {
      return call!;
    },
  };
}

/** The `data` of a successful tool result (fails the test otherwise). */
export function expectData(result: Awaited<ReturnType<ToolCaller>>): any {
  expect(result).toMatchObject({ success: true, status: 200 });
  return (result as { data: unknown }).data;
}
