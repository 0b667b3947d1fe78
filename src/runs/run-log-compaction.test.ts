import { describe, expect, it } from 'vitest';
import type { RunEvent, RunEventBody } from './run-event.js';
import { RunLog } from './run-log.js';

/** A run with two steps of streamed text around a tool call; returns the log and every event as appended. */
function streamedRun(): { log: RunLog; appended: RunEvent[]; live: Promise<RunEvent[]> } {
  const log = new RunLog('r1', 'native', 'owner');
  const appended: RunEvent[] = [];
  // A reader that follows from the start, live, across the moment the run ends and is compacted.
  const live = (async () => {
    const seen: RunEvent[] = [];
    for await (const e of log.follow(0, new AbortController().signal)) seen.push(e);
    return seen;
  })();
  const add = (body: RunEventBody) => appended.push(log.append(body)!);
  add({ type: 'run-start', model: 'm' });
  add({ type: 'step-start', step: 1 });
  for (const text of ['Сейчас ', 'посмотрю', ' 🙂', '.']) add({ type: 'text-delta', step: 1, text });
  add({ type: 'tool-call-start', step: 1, toolCallId: 'c', toolName: 'add', input: { a: 1, b: 2 } });
  add({ type: 'step-end', step: 1, finishReason: 'tool-calls' });
  add({ type: 'step-start', step: 2 });
  add({ type: 'text-delta', step: 2, text: 'Три' });
  add({ type: 'text-delta', step: 2, text: '' });
  add({ type: 'text-delta', step: 2, text: '.\n\n' });
  add({ type: 'step-end', step: 2, finishReason: 'stop' });
  add({ type: 'run-end', status: 'completed', text: 'Сейчас посмотрю 🙂.\n\nТри.' });
  return { log, appended, live };
}

describe('an ended run log, compacted', () => {
  it('replays every event exactly, from the start and from any seq, and its live reader saw them all', async () => {
    const { log, appended, live } = streamedRun();
    const json = (events: readonly RunEvent[]) => events.map((e) => JSON.stringify(e));
    expect(json(log.snapshot())).toEqual(json(appended));
    for (let after = 0; after <= appended.length; after++) {
      expect(json(log.snapshot(after))).toEqual(json(appended.slice(after)));
      const resumed: RunEvent[] = [];
      for await (const e of log.follow(after, new AbortController().signal)) resumed.push(e);
      expect(json(resumed)).toEqual(json(appended.slice(after)));
    }
    expect(json(await live)).toEqual(json(appended));
    expect(log.status).toBe('completed');
    expect(log.length).toBe(appended.length);
  });

  it('keeps each step’s run of text deltas as one object once the run has ended', () => {
    const { log, appended } = streamedRun();
    // 14 events: the 4 deltas of step 1 and the 3 of step 2 are one object each.
    expect(appended).toHaveLength(14);
    expect(log.storedObjects).toBe(14 - 3 - 2);
  });
});
