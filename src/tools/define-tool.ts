import { tool, type JSONSchema7, type Tool } from 'ai';
import type { z } from 'zod';
import type { SecretScrubber } from '../logging/secret-scrubber.js';
import type { PlatformClient } from '../platform/platform-client.js';
import { isPlatformError } from '../platform/platform-error.js';
import { DEFAULT_RESULT_BUDGET_CHARS, fitToBudget } from './fit-to-budget.js';
import type { ToolContext, ToolResult } from './tool-context.js';
import { ToolFailure } from './tool-failure.js';
import { modelSchema } from './model-schema.js';
import type { ToolSession } from './tool-session.js';

/** The groups tools are listed in (the platform's own sections, plus utilities). */
export type ToolGroup =
  | 'utility'
  | 'math'
  | 'applications'
  | 'templates'
  | 'attributes'
  | 'records'
  | 'forms'
  | 'toolbars'
  | 'datasets'
  | 'transfer'
  /** The conversation's uploaded files. */
  | 'files'
  /** A tool of an external MCP server (`MCP_SERVERS`). */
  | 'external';

/** What a tool's `run` gets besides its input. */
export interface ToolEnv {
  /** The run's context (credentials, defaults, clock, time zone). */
  readonly ctx: ToolContext;
  /** Aborts when the run is cancelled; pass it to every platform call. */
  readonly signal: AbortSignal | undefined;
  /**
   * The run's platform client, made on first use.
   * @throws PlatformError `not_configured` or `refused_url`, which the tool turns into a clear result
   */
  readonly platform: () => PlatformClient;
  /**
   * The run's platform base URL, for links; needs no credentials.
   * @throws PlatformError `not_configured` or `refused_url`
   */
  readonly platformBaseUrl: () => string;
}

/** Everything that defines a tool, once. */
export interface ToolSpec<S extends z.ZodType<Record<string, unknown>>> {
  /** The name the model calls; kept from the original so prompts carry over. */
  readonly name: string;
  readonly group: ToolGroup;
  /** English, with the Russian terms users say, e.g. "an attribute (атрибут)". */
  readonly description: string;
  /**
   * The input; the AI SDK turns it into the JSON schema the model sees, and validates calls against it. Parameter
   * docs are English only and do not repeat the description: the schema goes with every LLM call that offers it.
   */
  readonly inputSchema: S;
  /** Deletes or archives something: a later approval step holds such calls for a human. */
  readonly destructive: boolean;
  /** Changes nothing on the platform (reads, URLs, arithmetic). */
  readonly readOnly: boolean;
  /**
   * Calling it again with the same input changes nothing more (MCP's `idempotentHint`): true of every read, and of
   * writes that set a state (delete, archive) rather than add something.
   * @default readOnly
   */
  readonly idempotent?: boolean;
  /**
   * A short human-readable name, for clients that list tools to people (MCP's `title`).
   * @default the name in words: `list_applications` → "List applications"
   */
  readonly title?: string;
  /**
   * Largest result, in characters of JSON; bigger results are cut with a note.
   * @default 12000
   */
  readonly resultBudgetChars?: number;
  /**
   * Does the work and returns the data for the model. Throw a `PlatformError` (the client does) or a
   * {@link ToolFailure} to answer `{success: false, status, error}`; never catch them to build results by hand.
   */
  readonly run: (input: z.output<S>, env: ToolEnv) => unknown;
}

/** Metadata of a tool that is not sent to the model: the approval step and the UI read it. */
export interface ToolMetadata {
  readonly group: ToolGroup;
  readonly destructive: boolean;
  readonly readOnly: boolean;
}

/** A defined tool: its spec, and a factory that binds it to one run. */
export interface ToolDefinition extends ToolMetadata {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly idempotent: boolean;
  readonly inputSchema: z.ZodType<Record<string, unknown>>;
  /** The JSON Schema of the input, exactly as the model sees it (made once, on first use). */
  jsonSchema(): JSONSchema7;
  /**
   * What the model is offered of the tool — its description and input schema, the same objects as on every tool
   * {@link create} makes — without binding it to a run: a run offers tools it never calls.
   */
  readonly preview: Tool;
  /** The AI SDK tool for one run; `metadata` on it carries {@link ToolMetadata}. */
  create(session: ToolSession): Tool;
}

/**
 * Defines a tool once: name, description, input schema, flags and `run`. The tool it creates never throws for a
 * platform or input failure: it answers the compact {@link ToolResult} `{success, status, data | error}`, with
 * secrets hidden in every form the server makes of them (see `SecretScrubber`) and large data cut to the
 * budget. Only a cancel of the run propagates.
 * @param spec - the tool
 */
export function defineTool<S extends z.ZodType<Record<string, unknown>>>(spec: ToolSpec<S>): ToolDefinition {
  // Wrapped once: the SDK converts a schema to JSON Schema lazily and keeps the result, so every run and every LLM
  // call reuses one conversion instead of redoing it for 56 tools each time (it was half the CPU of a short run).
  const inputSchema = modelSchema(spec.inputSchema);
  const metadata: ToolMetadata = {
    group: spec.group,
    destructive: spec.destructive,
    readOnly: spec.readOnly,
  };
  return {
    name: spec.name,
    title: spec.title ?? titleOf(spec.name),
    description: spec.description,
    idempotent: spec.idempotent ?? spec.readOnly,
    inputSchema: spec.inputSchema,
    jsonSchema: () => inputSchema.jsonSchema as JSONSchema7,
    ...metadata,
    preview: tool({ description: spec.description, inputSchema }),
    create(session: ToolSession): Tool {
      return tool({
        description: spec.description,
        inputSchema,
        metadata: { ...metadata },
        execute: async (input: z.output<S>, options): Promise<ToolResult> => {
          const signal = options.abortSignal;
          const env: ToolEnv = {
            ctx: session.ctx,
            signal,
            platform: () => session.platform(),
            platformBaseUrl: () => session.baseUrl(),
          };
          // The one place every tool result and tool error passes before the model, the run's events, the log
          // and the stored conversation see it: secrets go here, before the result is cut to its budget.
          const scrubber = session.scrubber;
          try {
            const scrubbed = scrubber.value(await spec.run(input, env));
            const fitted = fitToBudget(
              scrubbed.value ?? null,
              spec.resultBudgetChars ?? DEFAULT_RESULT_BUDGET_CHARS,
              scrubbed.text,
            );
            return {
              success: true,
              status: 200,
              data: fitted.data,
              ...(fitted.note !== undefined ? { note: fitted.note } : {}),
            };
          } catch (error) {
            // A cancelled run ends here; nobody reads the result.
            if (signal?.aborted) throw error;
            return failureResult(spec.name, error, scrubber);
          }
        },
      });
    },
  };
}

/**
 * A tool's name in words, for people: `list_applications` → "List applications".
 * @param name - the tool's name
 */
export function titleOf(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The result a tool answers for a thrown error.
 * @param name - the tool's name, for unexpected errors
 * @param error - what was thrown
 * @param scrubber - hides the run's secrets in the text
 */
function failureResult(name: string, error: unknown, scrubber: SecretScrubber): ToolResult {
  if (isPlatformError(error) || error instanceof ToolFailure) {
    return { success: false, status: error.status, error: scrubber.text(error.message) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    success: false,
    status: 500,
    error: scrubber.text(`The tool ${name} failed unexpectedly: ${message}`),
  };
}
