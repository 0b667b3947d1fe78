import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { WarningSpanExporter } from './warning-span-exporter.js';

/** An exporter that answers what it is told to. */
class ScriptedExporter implements SpanExporter {
  next: ExportResult = { code: ExportResultCode.SUCCESS };
  export(_spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    done(this.next);
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function setup() {
  const inner = new ScriptedExporter();
  const lines: { level: number; msg: string; droppedSpans?: number; reason?: string }[] = [];
  // Written synchronously, so a line is there as soon as the export's callback has run.
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')));
      done();
    },
  });
  let now = 0;
  const exporter = new WarningSpanExporter(inner, createLogger('info', sink), () => now);
  const send = (spans: number) =>
    new Promise<ExportResult>((resolve) => exporter.export(new Array<ReadableSpan>(spans), resolve));
  return { inner, lines, exporter, send, advance: (ms: number) => (now += ms) };
}

describe('WarningSpanExporter', () => {
  it('passes results through and warns of a failing collector at once, then at most once a minute', async () => {
    const { inner, lines, send, advance } = setup();
    expect(await send(3)).toEqual({ code: ExportResultCode.SUCCESS });
    expect(lines).toEqual([]);

    inner.next = { code: ExportResultCode.FAILED, error: new Error('connect ECONNREFUSED 127.0.0.1:4318') };
    expect((await send(2)).code).toBe(ExportResultCode.FAILED);
    advance(10_000);
    await send(4);
    await send(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      droppedSpans: 2,
      reason: 'connect ECONNREFUSED 127.0.0.1:4318',
      msg: expect.stringMatching(/sending traces .* failed/),
    });

    advance(60_000);
    await send(1);
    expect(lines).toHaveLength(2);
    // Everything lost since the last line is counted.
    expect(lines[1]).toMatchObject({ level: 40, droppedSpans: 6 });

    inner.next = { code: ExportResultCode.SUCCESS };
    await send(1);
    await send(1);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ level: 30, msg: 'traces are being sent again' });
  });
});
