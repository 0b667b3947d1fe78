import { describe, expect, it } from 'vitest';
import type { RunEventBody } from '../runs/run-event.js';
import type { ObservedRun } from '../runs/run-observer.js';
import { ServerMetrics } from './server-metrics.js';

/** Feeds one run's events, numbered and timed as a run log would, to the metrics' run observer. */
function feed(metrics: ServerMetrics, run: ObservedRun, bodies: (RunEventBody & { at?: number })[]): void {
  let seq = 0;
  for (const body of bodies) metrics.runObserver.onEvent({ at: 1_000, ...body, seq: ++seq }, run);
}

/** The value of one series, from prom-client's own JSON view of the registry. */
async function valueOf(metrics: ServerMetrics, name: string, labels: Record<string, string>) {
  const metric = metrics.registry.getSingleMetric(name);
  const values = (await metric?.get())?.values ?? [];
  return values.find(
    (v) =>
      ((v as { metricName?: string }).metricName ?? name) === name &&
      Object.entries(labels).every(([k, x]) => v.labels[k] === x) &&
      Object.keys(v.labels).length === Object.keys(labels).length,
  )?.value;
}

const stats = () => ({ running: 2, waiting: 3 });

describe('ServerMetrics', () => {
  it('derives run, wait and duration figures from the events alone', async () => {
    const m = new ServerMetrics({ queueStats: stats });
    feed(m, { id: 'r1', api: 'native' }, [
      { type: 'queued', position: 1, queueSize: 1, etaS: null, at: 1_000 },
      { type: 'run-start', model: 'm', at: 3_000 },
      { type: 'text-delta', step: 1, text: 'a', at: 3_500 },
      { type: 'text-delta', step: 1, text: 'b', at: 9_000 },
      { type: 'error', code: 'LLM_TIMEOUT', message: 'x', at: 4_000 },
      { type: 'run-end', status: 'failed', text: 'ab', at: 5_000 },
    ]);
    expect(await valueOf(m, 'cmw_runs_created_total', { api: 'native' })).toBe(1);
    expect(await valueOf(m, 'cmw_runs_started_total', { api: 'native' })).toBe(1);
    expect(
      await valueOf(m, 'cmw_runs_ended_total', { api: 'native', status: 'failed', code: 'LLM_TIMEOUT' }),
    ).toBe(1);
    const text = await m.registry.metrics();
    expect(text).toContain('cmw_queue_wait_seconds_sum{api="native"} 2\n');
    // Only the first text counts for the first token.
    expect(text).toContain('cmw_run_first_token_seconds_sum{api="native"} 0.5\n');
    expect(text).toContain('cmw_run_duration_seconds_sum{api="native",status="failed"} 2\n');
    expect(text).toContain('cmw_queue_runs{state="waiting"} 3\n');
    expect(text).toContain('cmw_queue_runs{state="running"} 2\n');
  });

  it('a run refused before it started has no duration and no wait, only its end', async () => {
    const m = new ServerMetrics({ queueStats: stats });
    feed(m, { id: 'r2', api: 'ask' }, [
      { type: 'error', code: 'EMPTY_QUESTION', message: 'x' },
      { type: 'run-end', status: 'failed', text: '' },
    ]);
    expect(
      await valueOf(m, 'cmw_runs_ended_total', { api: 'ask', status: 'failed', code: 'EMPTY_QUESTION' }),
    ).toBe(1);
    expect(await valueOf(m, 'cmw_runs_started_total', { api: 'ask' })).toBe(0);
    const text = await m.registry.metrics();
    expect(text).not.toContain('cmw_run_duration_seconds_count{api="ask"');
    expect(text).not.toContain('cmw_queue_wait_seconds_count{api="ask"');
  });

  it('names tools only by registered names, and counts success:false results as errors', async () => {
    const m = new ServerMetrics({ queueStats: stats });
    const end = (toolName: string, output: unknown, isError = false) =>
      ({
        type: 'tool-call-end',
        step: 1,
        toolCallId: 't',
        toolName,
        output,
        isError,
        durationMs: 250,
      }) as const;
    feed(m, { id: 'r3', api: 'openai' }, [
      end('list_applications', { success: true, status: 200, data: [] }),
      end('list_applications', { success: false, status: 500, error: 'x' }),
      end('made_up_tool_name_x', 'no such tool', true),
    ]);
    const text = await m.registry.metrics();
    expect(text).toContain('cmw_tool_call_duration_seconds_count{tool="list_applications",outcome="ok"} 1\n');
    expect(text).toContain(
      'cmw_tool_call_duration_seconds_count{tool="list_applications",outcome="error"} 1\n',
    );
    expect(text).toContain('cmw_tool_call_duration_seconds_count{tool="unknown",outcome="error"} 1\n');
    expect(text).not.toContain('made_up_tool_name_x');
  });

  it('adds tokens and cost, ignoring figures a counter cannot take', async () => {
    const m = new ServerMetrics({ queueStats: stats });
    const usage = (inputTokens: number, outputTokens: number, costUsd?: number) => ({
      type: 'usage' as const,
      model: 'm',
      inputTokens,
      outputTokens,
      totalTokens: inputTokens + outputTokens,
      ...(costUsd !== undefined ? { costUsd } : {}),
    });
    feed(m, { id: 'r4', api: 'gradio' }, [usage(10, 4, 0.5), usage(Number.NaN, -3), usage(5, 1, 0.25)]);
    expect(await valueOf(m, 'cmw_llm_tokens_total', { type: 'input' })).toBe(15);
    expect(await valueOf(m, 'cmw_llm_tokens_total', { type: 'output' })).toBe(5);
    expect(await valueOf(m, 'cmw_llm_cost_usd_total', {})).toBe(0.75);
    expect(await valueOf(m, 'cmw_llm_cost_total', { currency: 'USD' })).toBe(0.75);
  });

  it('counts cost per currency, and only dollars in cmw_llm_cost_usd_total', async () => {
    const m = new ServerMetrics({ queueStats: stats });
    const tokens = { type: 'usage' as const, model: 'm', inputTokens: 1, outputTokens: 1, totalTokens: 2 };
    feed(m, { id: 'r5', api: 'native' }, [
      { ...tokens, cost: 12.5, currency: 'RUB' },
      { ...tokens, cost: 0.5, currency: 'USD', costUsd: 0.5 },
      { ...tokens, costs: { RUB: 2.5, USD: 0.25 }, costUsd: 0.25 },
      { ...tokens, costUsd: 1 },
    ]);
    expect(await valueOf(m, 'cmw_llm_cost_total', { currency: 'RUB' })).toBe(15);
    expect(await valueOf(m, 'cmw_llm_cost_total', { currency: 'USD' })).toBe(1.75);
    expect(await valueOf(m, 'cmw_llm_cost_usd_total', {})).toBe(1.75);
  });

  it('platform calls by method and status class; streams up and down', async () => {
    const m = new ServerMetrics({ queueStats: stats });
    m.runObserver.onPlatformCall?.({ method: 'PUT', status: 404, durationMs: 20 });
    m.runObserver.onPlatformCall?.({ method: 'GET', status: undefined, durationMs: 30_000 });
    m.streamObserver.opened();
    m.streamObserver.opened();
    m.streamObserver.closed();
    const text = await m.registry.metrics();
    expect(text).toContain(
      'cmw_platform_request_duration_seconds_count{method="PUT",status_class="4xx"} 1\n',
    );
    expect(text).toContain(
      'cmw_platform_request_duration_seconds_count{method="GET",status_class="error"} 1\n',
    );
    expect(text).toContain('cmw_http_event_streams_open 1\n');
  });

  it('renders the process metrics once, before the server’s own', async () => {
    const [one, two] = [new ServerMetrics({ queueStats: stats }), new ServerMetrics({ queueStats: stats })];
    one.streamObserver.opened();
    const [a, b] = await Promise.all([one.render(), two.render()]);
    expect(a).toContain('cmw_http_event_streams_open 1\n');
    expect(b).toContain('cmw_http_event_streams_open 0\n');
    for (const text of [a, b]) {
      expect(text.match(/^# TYPE process_cpu_user_seconds_total /gm)).toHaveLength(1);
      expect(text.indexOf('process_cpu_user_seconds_total')).toBeLessThan(text.indexOf('cmw_'));
    }
  });
});
