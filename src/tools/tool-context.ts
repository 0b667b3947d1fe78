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
  /** IANA time zone used when a tool is not told one. */
  readonly timezone: string;
  /** The clock; injectable for tests. */
  readonly now: () => Date;
}

/** The compact result shape every tool returns to the model. */
export type ToolResult =
  { success: true; status: number; data: unknown } | { success: false; status: number; error: string };
