/**
 * How one run's tool calls meet the platform, as the original's agent loop ran them:
 * - identical calls of one step (same tool, deep-equal input) run once, and each gets the same result (so every
 *   call still has its own result, as the model's tool-call / tool-result pairing needs);
 * - calls that change the platform run one after another, in the order the model made them, never at the same
 *   time (two writes must not race); reads stay parallel.
 * A step is told apart by the messages the model was sent (the AI SDK passes the same list to every call of a
 * step, and a longer one to the next step), so the same call in a later step runs again.
 */
export class CallCoordinator {
  readonly #running = new Map<string, Promise<unknown>>();
  #writes: Promise<unknown> = Promise.resolve();

  /**
   * Runs one tool call, or joins an identical one of the same step.
   * @param call.step - what identifies the step (its message count)
   * @param call.writes - whether the tool changes the platform
   * @param execute - the tool's own run
   */
  run(
    call: { name: string; input: unknown; step: number; writes: boolean },
    execute: () => unknown,
  ): Promise<unknown> {
    const key = `${call.step}\u0000${call.name}\u0000${canonicalJson(call.input)}`;
    const same = this.#running.get(key);
    if (same) return same;
    let result: Promise<unknown>;
    if (call.writes) {
      // The chain never rejects, so one failed write does not stop the next.
      result = this.#writes.then(() => execute());
      this.#writes = result.then(
        () => undefined,
        () => undefined,
      );
    } else {
      result = Promise.resolve().then(() => execute());
    }
    this.#running.set(key, result);
    return result;
  }
}

/** JSON with object keys in sorted order: deep-equal values give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
