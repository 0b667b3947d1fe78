import { tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { functionTools } from '../llm/function-tools.js';
import { buildAgentTools } from './build-tools.js';
import { lazyToolSet, offeredTools, toolPreview } from './lazy-tool-set.js';
import { testContext } from '../../test/platform/call-tool.js';

describe('lazyToolSet', () => {
  it('has its keys at once, in order, and builds each tool once, when first read', () => {
    const made: string[] = [];
    const tools = lazyToolSet(['b', 'a', 'c'], (name) => {
      made.push(name);
      return tool({ description: name, inputSchema: z.object({}), execute: () => Promise.resolve(name) });
    });
    expect(Object.keys(tools)).toEqual(['b', 'a', 'c']);
    expect(Object.hasOwn(tools, 'a')).toBe(true);
    expect(made).toEqual([]);
    expect(tools.a?.description).toBe('a');
    expect(tools.a).toBe(tools.a);
    expect(made).toEqual(['a']);
    expect(Object.keys(tools)).toEqual(['b', 'a', 'c']);
  });

  it('a run’s first LLM call builds none of its tools: the offered ones are shown by their previews', async () => {
    const { tools, offer } = buildAgentTools(testContext());
    const offered = offer.active();
    const sent = await functionTools(offeredTools(tools, offered));
    expect(sent.map((t) => t.name)).toEqual(Object.keys(tools).filter((n) => offered.includes(n)));
    const built = Object.keys(tools).filter(
      (n) => Object.getOwnPropertyDescriptor(tools, n)?.get === undefined,
    );
    // load_tools is a plain value from the start.
    expect(built).toEqual(['load_tools']);
    expect(offered.length).toBeGreaterThan(10);
  });

  it('shows each tool as it is when built: the same description and input schema objects', async () => {
    const { tools, offer } = buildAgentTools(testContext());
    const offered = offer.active();
    const shown = offeredTools(tools, offered);
    const before = await functionTools(shown);
    for (const name of offered) {
      const preview = shown[name]!;
      const built = tools[name]!;
      expect(preview.description).toBe(built.description);
      expect(preview.inputSchema).toBe(built.inputSchema);
      // Once built, the built tool is what is shown.
      expect(offeredTools(tools, [name])[name]).toBe(built);
    }
    // The same request either way.
    expect(await functionTools(offeredTools(tools, offered))).toEqual(before);
  });

  it('reads a tool that has no preview', () => {
    const tools = lazyToolSet(['a', 'b'], (name) =>
      tool({ description: name, inputSchema: z.object({}), execute: () => Promise.resolve(name) }),
    );
    expect(toolPreview(tools, 'a').description).toBe('a');
    expect('get' in Object.getOwnPropertyDescriptor(tools, 'a')!).toBe(false);
    expect(Object.keys(offeredTools(tools, undefined))).toEqual(['a', 'b']);
  });
});
