import { SecretScrubber } from '../logging/secret-scrubber.js';
import { PlatformClient } from '../platform/platform-client.js';
import { isPlatformError, type PlatformError } from '../platform/platform-error.js';
import {
  resolvePlatformBaseUrl,
  resolvePlatformTarget,
  urlPolicyOf,
} from '../platform/resolve-platform-target.js';
import type { ToolContext } from './tool-context.js';

/**
 * What the tools of one run share: its context and its platform client, made on first use from the run's own
 * credentials (or the server's defaults). A client is never shared between runs.
 */
export class ToolSession {
  /** The run's context. */
  readonly ctx: ToolContext;
  #scrubber: SecretScrubber | undefined;
  #client: PlatformClient | undefined;
  #failure: PlatformError | undefined;

  constructor(ctx: ToolContext) {
    this.ctx = ctx;
  }

  /**
   * Hides this run's secrets in every form the server makes of them (the passwords and their Basic tokens, the
   * LLM keys) from whatever a tool returns or throws. Made once per run, when its first tool runs (most answers
   * call none).
   */
  get scrubber(): SecretScrubber {
    const ctx = this.ctx;
    return (this.#scrubber ??= new SecretScrubber({
      // Both pairs: the run uses one of them, and which one is decided only when the first tool calls out.
      credentials: [
        { login: ctx.credentials.username, password: ctx.credentials.password },
        { login: ctx.platform.login, password: ctx.platform.password },
      ],
      secrets: ctx.secrets ?? [],
    }));
  }

  /**
   * The run's platform client.
   * @throws PlatformError `not_configured` (naming what to set) or `refused_url`
   */
  platform(): PlatformClient {
    if (this.#client) return this.#client;
    if (this.#failure) throw this.#failure;
    try {
      const target = resolvePlatformTarget(this.ctx.credentials, this.ctx.platform);
      this.#client = new PlatformClient({
        target,
        timeoutMs: this.ctx.platform.timeoutMs,
        urlPolicy: urlPolicyOf(this.ctx.platform),
        ...(this.ctx.platformDispatcher ? { dispatcher: this.ctx.platformDispatcher } : {}),
        onCall: this.ctx.onPlatformCall,
        tracer: this.ctx.tracer,
      });
      return this.#client;
    } catch (error) {
      if (isPlatformError(error)) this.#failure = error;
      throw error;
    }
  }

  /**
   * The run's platform base URL only (no credentials needed), for tools that build links.
   * @throws PlatformError `not_configured` or `refused_url`
   */
  baseUrl(): string {
    if (this.#client) return this.#client.baseUrl;
    return resolvePlatformBaseUrl(this.ctx.credentials, this.ctx.platform);
  }
}
