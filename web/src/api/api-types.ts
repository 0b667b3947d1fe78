/**
 * The native run API as the page sees it (`/api/*`). These types mirror the server's wire spec
 * (`src/runs/run-event.ts`); the page only reads the fields listed here and ignores the rest.
 */

/** `GET /api/config`. */
export interface ServerConfig {
  readonly provider: string;
  readonly model: string;
  /** Every configured provider's models; `id` (`provider:model`) is what a run names. */
  readonly models: readonly {
    readonly id: string;
    readonly provider?: string;
    /** The model as its provider names it. */
    readonly name?: string;
    readonly context_tokens?: number;
  }[];
  /** `provider:model` of the default model. */
  readonly default_model?: string;
  /** Whether runs may bring their own LLM key (`X-LLM-API-Key`). */
  readonly client_llm_keys?: boolean;
  readonly ready: boolean;
  readonly reason?: string;
  /** The server was started with `API_KEYS`: send one as `Authorization: Bearer`. */
  readonly auth_required?: boolean;
}

/** A file uploaded into a conversation (`POST /api/files`). */
export interface UploadedFile {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly media_type: string;
  readonly created_at: string;
}

/** Platform credentials for one run; they stay in the browser between runs. */
export interface PlatformCredentials {
  readonly base_url?: string;
  readonly username?: string;
  readonly password?: string;
}

/** `POST /api/runs` body. */
export interface StartRunRequest {
  readonly question: string;
  readonly session_id?: string;
  readonly title?: string;
  readonly model?: string;
  readonly credentials?: PlatformCredentials;
}

/** `POST /api/runs` answer (202). */
export interface StartRunResponse {
  readonly run_id: string;
  readonly session_id: string;
}

/** How a run ended. */
export type RunStatus = 'completed' | 'failed' | 'cancelled';

/** One event of a run's stream, without its sequence number. */
export type RunEventBody =
  | {
      readonly type: 'queued';
      readonly position: number;
      readonly queueSize: number;
      /** Estimated seconds until the answer; null (or absent, from an older server) when not known yet. */
      readonly etaS?: number | null;
    }
  | { readonly type: 'run-start'; readonly model: string; readonly provider?: string }
  /** A tool call waits for the person's decision (`POST /api/runs/:id/approvals/:approvalId`). */
  | {
      readonly type: 'tool-approval-request';
      readonly approvalId: string;
      readonly toolCallId: string;
      readonly toolName: string;
      readonly input: unknown;
      readonly expiresAt: number;
    }
  /** The decision on a held call. */
  | {
      readonly type: 'tool-approval-end';
      readonly approvalId: string;
      readonly toolCallId: string;
      readonly approved: boolean;
      readonly reason?: string;
      readonly by: 'person' | 'timeout' | 'cancel';
    }
  /** The model failed before it answered; the turn goes on with the next fallback model. */
  | {
      readonly type: 'model-fallback';
      readonly from: string;
      readonly to: string;
      readonly code: string;
      readonly reason: string;
    }
  | { readonly type: 'step-start'; readonly step: number }
  | { readonly type: 'text-delta'; readonly step: number; readonly text: string }
  | {
      readonly type: 'tool-call-start';
      readonly step: number;
      readonly toolCallId: string;
      readonly toolName: string;
      readonly input: unknown;
    }
  | {
      readonly type: 'tool-call-end';
      readonly toolCallId: string;
      readonly toolName: string;
      readonly output: unknown;
      readonly isError: boolean;
      readonly durationMs: number;
    }
  | {
      readonly type: 'step-end';
      readonly step: number;
      /** That LLM call's usage, against its model's context window (when the provider reported it). */
      readonly usage?: {
        readonly inputTokens: number;
        readonly outputTokens: number;
        readonly cachedInputTokens?: number;
        readonly cost?: number;
        readonly currency?: string;
        readonly contextTokens: number;
      };
    }
  | ({
      readonly type: 'usage';
      readonly model: string;
      readonly inputTokens: number;
      readonly outputTokens: number;
      readonly totalTokens: number;
      readonly cachedInputTokens?: number;
      readonly lastCallInputTokens?: number;
      readonly contextTokens?: number;
    } & CostFields)
  | { readonly type: 'error'; readonly code: string; readonly message: string }
  | { readonly type: 'run-end'; readonly status: RunStatus; readonly text: string };

/** A run event with the sequence number it had on the wire (`id:`) and the server's time stamp. */
export type RunEvent = RunEventBody & { readonly seq: number; readonly at?: number };

/** An item of `GET /api/sessions`. */
export interface SessionSummary {
  readonly id: string;
  readonly title: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly turns: number;
}

/** A tool call as stored with a turn. */
export interface StoredToolCall {
  readonly toolCallId: string;
  readonly toolName: string;
  readonly input: unknown;
  readonly output: unknown;
  readonly isError: boolean;
  readonly durationMs?: number;
}

/**
 * The cost of a turn or a conversation: `cost` + `currency` for one currency, `costs` by currency for several;
 * `costUsd` is the dollar part (the only field of turns stored before currencies). All absent without a price.
 */
export interface CostFields {
  readonly cost?: number;
  readonly currency?: string;
  readonly costs?: Readonly<Record<string, number>>;
  readonly costUsd?: number;
}

/** Token use of a stored turn. */
export interface StoredUsage extends CostFields {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly totalTokens?: number;
  readonly cachedInputTokens?: number;
  /** Input tokens of the turn's last LLM call, against the model's context window `contextTokens`. */
  readonly lastCallInputTokens?: number;
  readonly contextTokens?: number;
}

/** A turn of `GET /api/sessions/:id`. */
export interface StoredTurn {
  readonly id: string;
  readonly created_at: string;
  readonly status: 'completed' | 'interrupted' | 'failed';
  readonly question: string;
  readonly answer: string;
  readonly model?: string;
  readonly error_code?: string;
  readonly usage?: StoredUsage;
  readonly duration_ms?: number;
  readonly tools?: readonly StoredToolCall[];
  /** Models that failed before answering and the ones that took over. */
  readonly fallbacks?: readonly { readonly from: string; readonly to: string; readonly reason: string }[];
}

/** `GET /api/sessions/:id`. */
export interface SessionDetail {
  readonly id: string;
  readonly title: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly turns: readonly StoredTurn[];
}
