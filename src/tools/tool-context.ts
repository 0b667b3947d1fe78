import type { Tracer } from '@opentelemetry/api';
import type { ConversationFiles } from './conversation-files.js';
import type { Dispatcher } from 'undici';
import type { PlatformCallObserver } from '../platform/platform-client.js';
import type { PlatformDefaults } from '../platform/resolve-platform-target.js';

/** Platform credentials a request brought with it; used for that run's tool calls only, never stored. */
export interface PlatformCredentials {
  readonly baseUrl?: string;
  readonly username?: string;
  readonly password?: string;
}

/** What every tool of one run may use. */
export interface ToolContext {
  /** The request's own platform credentials (empty fields fall back to the server's defaults). */
  readonly credentials: PlatformCredentials;
  /**
   * The server's platform settings (`CMW_BASE_URL`, `CMW_LOGIN`, `CMW_PASSWORD`, `CMW_TIMEOUT_S`,
   * `CMW_ALLOWED_BASE_URLS`): the fallback when the request brings no credentials, and the URL policy.
   */
  readonly platform: PlatformDefaults;
  /** IANA time zone used when a tool is not told one. */
  readonly timezone: string;
  /** The clock; injectable for tests. */
  readonly now: () => Date;
  /**
   * Other values no tool result may show, in any form: the LLM API keys (`OPENAI_API_KEY`,
   * `OPENROUTER_API_KEY`). The passwords are taken from `credentials` and `platform`.
   */
  readonly secrets?: readonly (string | undefined)[];
  /** Connection pool for platform calls; defaults to the shared keep-alive pool. Tests inject one. */
  readonly platformDispatcher?: Dispatcher;
  /** Told when each platform call of the run ends (the server's metrics). */
  readonly onPlatformCall?: PlatformCallObserver | undefined;
  /** With tracing on: a span per platform call, under the tool call's span. */
  readonly tracer?: Tracer | undefined;
  /** The files uploaded into the run's conversation (the file tools read them); none without a conversation. */
  readonly files?: ConversationFiles | undefined;
}

/**
 * The compact result shape every tool returns to the model. `note` says when `data` was cut to fit the result
 * budget.
 */
export type ToolResult =
  | { success: true; status: number; data: unknown; note?: string }
  | { success: false; status: number; error: string };
