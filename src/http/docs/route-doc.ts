import type { z } from 'zod';
import type { ErrorCode } from '../../errors/app-error.js';

/** A JSON Schema (draft 2020-12, as OpenAPI 3.1 uses) written out by hand or generated from zod. */
export type JsonSchema = Record<string, unknown>;

/**
 * The error body shape of a surface, each a schema of `components.schemas`: ours (`{"error": {"code",
 * "message"}}`), ours plus Gradio's `detail` (the Gradio queue routes), OpenAI's error object (`/v1`), or a
 * JSON-RPC error object (`/mcp`).
 */
export type ErrorShape = 'Error' | 'GradioError' | 'OpenAiError' | 'McpError';

/**
 * An error a route answers by itself: a code of `docs/errors.md`, with the status of its code, or with the
 * status the route gives it instead (the Gradio queue answers 422 for some INVALID_BODY, as FastAPI does).
 */
export type RouteError = ErrorCode | readonly [code: ErrorCode, status: number];

/** A non-error answer of a route. */
export interface SuccessDoc {
  readonly description: string;
  /** A JSON body. */
  readonly json?: JsonSchema;
  /** An event stream (`text/event-stream`); the text says what its frames are. */
  readonly sse?: string;
  /** A plain-text body (`text/plain`); the text says what it holds. */
  readonly text?: string;
  /** Bytes of any type (a download); the text says what they are. */
  readonly binary?: string;
}

/** Query parameters or headers of a route, by name. */
export interface ParamsDoc {
  readonly properties: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
}

/** What `/openapi.json` says about one route. Bodies come from the same zod schemas the routes validate with. */
export interface RouteDoc {
  /** Unique, URL-safe name of the operation (client generators name methods after it). */
  readonly operationId: string;
  readonly tags: readonly string[];
  readonly summary: string;
  readonly description?: string;
  /**
   * The request body, set on the route itself: the JSON body parser answers INVALID_JSON for an empty body of a
   * route that has one.
   */
  readonly body?: z.ZodType | JsonSchema;
  /**
   * A request body described in the document only: the route reads it itself and refuses a missing one with its
   * own answer (Gradio's 422), which a body on the route would change.
   */
  readonly documentedBody?: JsonSchema;
  /** Media types of the request body other than JSON (`multipart/form-data` for uploads). */
  readonly consumes?: readonly string[];
  /**
   * The name of the route's `*` parameter in the document (Fastify's wildcard has none; `{*}` is not a valid
   * path template).
   */
  readonly wildcard?: string;
  /** Path parameters by name (descriptions, enums); undocumented ones are plain strings. */
  readonly params?: Readonly<Record<string, JsonSchema>>;
  /** Query parameters; `required` lists the ones that must be sent. */
  readonly query?: ParamsDoc;
  /** Request headers by lower-case name; `required` lists the ones that must be sent. */
  readonly headers?: ParamsDoc;
  /** The answers that are not errors, by status. */
  readonly responses: Readonly<Record<number, SuccessDoc>>;
  /**
   * The errors the route itself answers. Errors every route can give (the connection's, shutting down, internal
   * errors, body parsing for methods with a body, the API key on protected routes) are added for all.
   */
  readonly errors: readonly RouteError[];
  /** The shape of this route's error bodies. */
  readonly errorShape: ErrorShape;
}
