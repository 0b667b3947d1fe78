/** Options of {@link CallHealth}. */
export interface CallHealthOptions {
  /**
   * How many calls in a row must fail before the provider counts as down.
   * @default 3
   */
  readonly failures?: number;
  /**
   * Those failures must all lie within this many milliseconds before now; older ones no longer count, so a
   * server nobody asks for a while is not reported down forever on stale evidence.
   * @default 60000
   */
  readonly windowMs?: number;
  /** The clock (tests pass their own). */
  readonly now?: () => number;
}

/**
 * Remembers how the latest calls to the LLM provider went, for readiness: the provider counts as down when the
 * last `failures` calls all failed because it was unreachable or answered 5xx, all within `windowMs`.
 * One successful call clears it. Calls that failed for other reasons (4xx, aborts) are not counted either way.
 */
export class CallHealth {
  readonly #failures: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  /** When each failure of the current run of failures happened, the latest last (at most `failures` kept). */
  #recent: number[] = [];
  #lastReason = '';

  constructor(options: CallHealthOptions = {}) {
    this.#failures = options.failures ?? 3;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** A call reached the provider and got an answer. */
  succeeded(): void {
    this.#recent = [];
    this.#lastReason = '';
  }

  /**
   * A call failed because the provider was down.
   * @param reason - a secret-free sentence saying why, shown by `/readyz`
   */
  failed(reason: string): void {
    this.#recent.push(this.#now());
    if (this.#recent.length > this.#failures) this.#recent.shift();
    this.#lastReason = reason;
  }

  /** Why the provider counts as down now, or undefined when it does not. */
  get downReason(): string | undefined {
    if (this.#recent.length < this.#failures) return undefined;
    const oldest = this.#recent[0]!;
    if (this.#now() - oldest > this.#windowMs) return undefined;
    return `The last ${this.#failures} LLM calls failed; the latest: ${this.#lastReason}`;
  }
}
