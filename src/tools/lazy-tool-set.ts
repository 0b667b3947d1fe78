import type { Tool, ToolSet } from 'ai';

/** What each lazy tool set needs: how to build a tool, and how to show one unbuilt. */
interface LazySource {
  readonly make: (name: string) => Tool;
  readonly preview: ((name: string) => Tool | undefined) | undefined;
}

const sources = new WeakMap<object, LazySource>();

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
        const tool = sources.get(this)!.make(name);
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
 * needed, or show them with {@link offeredTools}.
 * @param names - the tools' names, in order
 * @param make - builds the tool of a name
 * @param preview - what the model is offered of a tool not built yet (its description and input schema, the same
 *   objects as on the built tool), when that is known without building it
 */
export function lazyToolSet(
  names: readonly string[],
  make: (name: string) => Tool,
  preview?: (name: string) => Tool | undefined,
): ToolSet {
  const tools: ToolSet = {};
  sources.set(tools, { make, preview });
  for (const name of names) Object.defineProperty(tools, name, accessorOf(name));
  return tools;
}

/**
 * The tool of `name` as the model is offered it: a tool of a lazy set not built yet is shown by its preview
 * (nothing is built), any other is read.
 * @param tools - a tool set, lazy or not
 * @param name - one of its keys
 */
export function toolPreview(tools: ToolSet, name: string): Tool {
  const source = sources.get(tools);
  if (source?.preview && Object.getOwnPropertyDescriptor(tools, name)?.get !== undefined) {
    const preview = source.preview(name);
    if (preview) return preview;
  }
  return tools[name]!;
}

/**
 * The tools of `tools` named in `names` (all without a list), in the set's order, as the model is offered them
 * (see {@link toolPreview}): what an LLM call's tool list and its token estimate read, with nothing built.
 * @param tools - a tool set, lazy or not
 * @param names - the names offered
 */
export function offeredTools(tools: ToolSet, names: readonly string[] | undefined): ToolSet {
  const wanted = names && new Set(names);
  const offered: ToolSet = {};
  for (const name of Object.keys(tools))
    if (!wanted || wanted.has(name))
      // Defined, not assigned: an external MCP server's tool may be named `__proto__`.
      Object.defineProperty(offered, name, {
        value: toolPreview(tools, name),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  return offered;
}
