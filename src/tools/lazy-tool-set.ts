import type { Tool, ToolSet } from 'ai';

/**
 * A tool set whose tools are made when first read: its keys are there at once, in the order given, but each
 * tool object (and whatever binds it to a run) is built only when something reads it — a run offers 16 of its
 * 56 tools and calls a few, so most are never built. Reading a key replaces it with the plain value, so later
 * reads cost nothing. Spreading or `Object.entries` reads every tool: iterate `Object.keys` and read the ones
 * needed.
 * @param names - the tools' names, in order
 * @param make - builds the tool of a name
 */
export function lazyToolSet(names: readonly string[], make: (name: string) => Tool): ToolSet {
  const tools: ToolSet = {};
  for (const name of names)
    Object.defineProperty(tools, name, {
      enumerable: true,
      configurable: true,
      get() {
        const tool = make(name);
        Object.defineProperty(tools, name, {
          value: tool,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        return tool;
      },
    });
  return tools;
}
