import type { ToolSet } from 'ai';
import { buildTools } from '../../src/tools/build-tools.js';
import type { ToolContext, ToolResult } from '../../src/tools/tool-context.js';
import { TOOL_DEFINITIONS } from '../../src/tools/tool-registry.js';

/**
 * A tool context for tests: no platform configured unless given, UTC, a fixed clock.
 * @param overrides - fields to set
 */
export function testContext(overrides: Partial<ToolContext> = {}): ToolContext {
  return {
    credentials: {},
    platform: {
      baseUrl: undefined,
      login: undefined,
      password: undefined,
      timeoutMs: 5000,
      allowedBaseUrls: [],
    },
    timezone: 'UTC',
    now: () => new Date('2025-10-03T08:44:21Z'),
    ...overrides,
  };
}

/** Calls one tool as the AI SDK does: the input is validated against the tool's schema first. */
export type ToolCaller = (name: string, input: unknown, signal?: AbortSignal) => Promise<ToolResult>;

/**
 * Binds the run's tools once and returns a caller for them.
 * @param ctx - the run's tool context
 */
export function toolCaller(ctx: ToolContext): ToolCaller {
  const tools: ToolSet = buildTools(ctx);
  return async (name, input, signal) => {
    const definition = TOOL_DEFINITIONS.find((d) => d.name === name);
    const tool = tools[name];
    if (!definition || !tool?.execute) throw new Error(`no tool ${name}`);
    const parsed = definition.inputSchema.parse(input);
    return (await tool.execute(parsed, {
      toolCallId: 'call-1',
      messages: [],
      ...(signal ? { abortSignal: signal } : {}),
    })) as ToolResult;
  };
}

/**
 * Calls one tool of a fresh tool set.
 * @param ctx - the run's tool context
 * @param name - the tool
 * @param input - its input, before validation
 */
export async function callTool(ctx: ToolContext, name: string, input: unknown): Promise<ToolResult> {
  return toolCaller(ctx)(name, input);
}
