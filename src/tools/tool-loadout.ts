import { tool, type Tool } from 'ai';
import { z } from 'zod';
import type { ToolDefinition } from './define-tool.js';
import { modelSchema } from './model-schema.js';
import { TOOL_DEFINITIONS } from './tool-registry.js';

/** The name of the tool that loads the others. */
export const LOAD_TOOLS_NAME = 'load_tools';

/**
 * The tools every LLM call offers: the reads most questions start with. The others (every write, the rarer reads,
 * arithmetic) are offered once the model loads them with `load_tools`, whose description lists each by name with
 * a one-line summary, so all of them stay reachable in the same turn while the first call of a turn carries a
 * fifth of the schemas. The order of the tools sent never changes (it is the registry's), so calls that offer the
 * same set send byte-identical tools.
 */
export const CORE_TOOL_NAMES: readonly string[] = [
  'get_current_datetime',
  'list_applications',
  'list_templates',
  'list_attributes',
  'get_attribute',
  'list_template_records',
  'get_record_values',
  'list_forms',
  'get_form',
  'list_datasets',
  'list_buttons',
  'list_toolbars',
  'resolve_entity',
  'get_platform_entity_url',
  'get_record_url',
];

const core = new Set(CORE_TOOL_NAMES);
const loadable: readonly ToolDefinition[] = TOOL_DEFINITIONS.filter((d) => !core.has(d.name));
const loadableNames = new Set(loadable.map((d) => d.name));

/** The first sentence of a description: what the catalog says of a tool. */
function summary(description: string): string {
  const end = description.search(/\.(\s|$)/);
  return end === -1 ? description : description.slice(0, end + 1);
}

const catalog = loadable.map((d) => `- ${d.name}: ${summary(d.description)}`).join('\n');

const description = `Load more tools by name; they can be called from the next step on, for the rest of this turn. Load every tool a task needs in one call (a write tool before changing anything). Tools you can load:\n${catalog}`;

const inputSchema = modelSchema(
  z.object({
    names: z
      .array(z.string().max(100))
      .min(1)
      .max(loadable.length)
      .describe('Tool names from the list above.'),
  }),
);

/** Which tools to offer the model on its next call, and what it called. */
export interface ToolOffer {
  /** The names to offer on the next LLM call. */
  active(): string[];
  /** Records that the model called `name` (offered or not, valid input or not). */
  use(name: string): void;
}

/** Which tools one run offers the model; `load_tools` adds to it, and so does calling a tool not offered. */
export class ToolLoadout implements ToolOffer {
  readonly #loaded = new Set<string>();
  readonly #always: readonly string[];

  /** @param always - more tools to offer on every call (external MCP tools) */
  constructor(always: readonly string[] = []) {
    this.#always = always;
  }

  /** The names to offer on the next LLM call: the core set, `load_tools`, and what was loaded so far. */
  active(): string[] {
    return [...CORE_TOOL_NAMES, LOAD_TOOLS_NAME, ...this.#always, ...this.#loaded];
  }

  /**
   * Records that the model called `name` (loaded or not): its schema is offered from the next call on, so a call
   * made from the catalog's one line can be fixed against the whole schema.
   */
  use(name: string): void {
    if (loadableNames.has(name)) this.#loaded.add(name);
  }

  /** The `load_tools` tool of this run. */
  tool(): Tool {
    return tool({
      description,
      inputSchema,
      metadata: { group: 'utility', destructive: false, readOnly: true },
      execute: ({ names }: { names: string[] }) => {
        const loaded: string[] = [];
        const unknown: string[] = [];
        for (const name of new Set(names)) {
          if (core.has(name)) continue;
          if (loadableNames.has(name)) {
            this.#loaded.add(name);
            loaded.push(name);
          } else unknown.push(name);
        }
        return {
          success: unknown.length === 0,
          status: unknown.length === 0 ? 200 : 404,
          data: { loaded, available_now: [...this.#loaded] },
          ...(unknown.length > 0
            ? { error: `No tool is named ${unknown.join(', ')}: pick names from the list in load_tools.` }
            : {}),
        };
      },
    });
  }
}
