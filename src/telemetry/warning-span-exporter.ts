import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from 'pino';

/** The quietest a collector that keeps failing is reported: once a minute, with the count since the last line. */
const WARN_EVERY_MS = 60_000;

/**
 * Passes spans on to `inner` and says in the server's log when a batch could not be sent (the SDK itself only tells
 * its own diagnostic logger, which nobody reads): the first failure at once, then at most once a minute, and when
 * the collector answers again. The line carries the error's message only, never the endpoint's headers.
 */
export class WarningSpanExporter implements SpanExporter {
  readonly #inner: SpanExporter;
  readonly #log: Logger;
  readonly #now: () => number;
  #lastWarnAt = -Infinity;
  /** Spans dropped since the last warning. */
  #dropped = 0;
  #failing = false;

  /**
   * @param inner - the exporter that sends (OTLP/HTTP)
   * @param log - where the warnings go
   * @param now - the clock in ms; injectable for tests
   */
  constructor(inner: SpanExporter, log: Logger, now: () => number = () => performance.now()) {
    this.#inner = inner;
    this.#log = log;
    this.#now = now;
  }

  /** Sends one batch; the SDK's callback hears the inner exporter's result unchanged. */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.#inner.export(spans, (result) => {
      this.#observe(result, spans.length);
      resultCallback(result);
    });
  }

  /** Stops the inner exporter. */
  shutdown(): Promise<void> {
    return this.#inner.shutdown();
  }

  /** Sends what the inner exporter still holds. */
  forceFlush(): Promise<void> {
    return this.#inner.forceFlush?.() ?? Promise.resolve();
  }

  #observe(result: ExportResult, spans: number): void {
    if (result.code === ExportResultCode.SUCCESS) {
      if (this.#failing) this.#log.info('traces are being sent again');
      this.#failing = false;
      this.#dropped = 0;
      return;
    }
    this.#failing = true;
    this.#dropped += spans;
    const now = this.#now();
    if (now - this.#lastWarnAt < WARN_EVERY_MS) return;
    this.#lastWarnAt = now;
    this.#log.warn(
      { droppedSpans: this.#dropped, reason: result.error?.message ?? 'unknown' },
      'sending traces to the OTLP endpoint failed; these spans are lost',
    );
    this.#dropped = 0;
  }
}
