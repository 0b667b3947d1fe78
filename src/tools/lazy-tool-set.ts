import type { Tool, ToolSet } from 'ai';

/** The builder of each lazy tool set's tools. */
const makers = new WeakMap<object, (name: string) => Tool>();

/**
 * The accessor of each tool name, made once for the process and shared by every run's tool set (a run's set
 * defines its 56 keys with these, making no function of its own): it builds the tool with the set's builder and
 * puts the plain value in its place.
 */
const accessors = new Map<string, PropertyDescriptor>();

function accessorOf(name: string): PropertyDescriptor {
  let accessor = accessors.get(name);
  if (!accessor) {
    accessor = {
      enumerable: true,
      configurable: true,
      get(this: ToolSet) {
        const tool = makers.get(this)!(name);
        Object.defineProperty(this, name, {
          value: tool,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        return tool;
      },
    };
    accessors.set(name, accessor);
  }
  return accessor;
}

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
  makers.set(tools, make);
  for (const name of names) Object.defineProperty(tools, name, accessorOf(name));
  return tools;
}
