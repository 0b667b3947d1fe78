import { tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { functionTools } from '../llm/function-tools.js';
import { buildAgentTools } from './build-tools.js';
import { lazyToolSet } from './lazy-tool-set.js';
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

  it('a run’s first LLM call builds only the tools it offers', async () => {
    const { tools, offer } = buildAgentTools(testContext());
    const offered = offer.active();
    const sent = await functionTools(tools, offered);
    expect(sent.map((t) => t.name)).toEqual(Object.keys(tools).filter((n) => offered.includes(n)));
    const built = Object.keys(tools).filter(
      (n) => Object.getOwnPropertyDescriptor(tools, n)?.get === undefined,
    );
    expect(built.sort()).toEqual([...offered].sort());
    expect(Object.keys(tools).length).toBeGreaterThan(offered.length + 30);
  });
});
