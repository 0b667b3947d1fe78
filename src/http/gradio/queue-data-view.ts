import { setMaxListeners } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import { AnswerText } from '../../agent/answer-text.js';
import type { RunStatus } from '../../runs/run-event.js';
import { FrameThrottle } from '../frame-throttle.js';
import type { SseWriter } from '../sse-writer.js';
import type { GradioJob, GradioSessions } from './gradio-sessions.js';
import { errorOutput, queueFrame, successOutput, type QueueMessage } from './queue-messages.js';
import { diffString, type DiffOp } from './string-diff.js';

/** The heartbeat block of `/queue/data` (a `data:` block: the Python client rejects SSE comments). */
export const QUEUE_HEARTBEAT_FRAME = queueFrame({ msg: 'heartbeat', event_id: null });

/** What a job's view needs besides the job. */
export interface QueueJobOptions {
  /** Most `process_generating` messages a second (`STREAM_MAX_FPS`). */
  readonly maxFps: number;
  /** The average seconds a completed job took, or null before one did (Gradio's `eta`). */
  readonly averageS: () => number | null;
  /** Whether the job's own client cancelled it (`/cancel`), rather than the server stopping it. */
  readonly cancelledByClient: () => boolean;
}

/**
 * The queue-protocol view of one job's run log, written to a `/queue/data` stream (replayed from the start).
 * Each rule names the Gradio 5.49.1 source it follows:
 * - `queued` events → `estimation` with the real 0-based `rank` (position − 1), `queue_size` (runs waiting) and
 *   `rank_eta` (the run's `etaS`: null until the average process time is known) — `queueing.py`,
 *   `Queue.broadcast_estimations`. A run that got a slot at once gets one `estimation` with rank 0 of 1 and the
 *   average as its `rank_eta`: it was the head of the queue with a free worker;
 * - `run-start` → `process_starts` with `eta` = the average process time (`queueing.py`, `Queue.process_events`);
 * - for a generator (`/ask_stream`), the cumulative answer as `process_generating`: the first carries the text,
 *   later ones the edits from the previous one (`sse_v3` diffs, `blocks.py`, `Blocks.handle_streaming_diffs`),
 *   at most `maxFps` a second. Coalescing never hides the end: the final answer (or a failed run's last partial
 *   text) is always flushed as a `process_generating` before `process_completed`, because Gradio sends every
 *   yield and Python `gradio_client` iterates only the generating values;
 * - `run-end` → `process_completed` with the exact final answer, or `{error: message}` with `success: false` when
 *   the run failed or the server stopped it. A job its client cancelled (`/cancel`) ends as Gradio ends it,
 *   with `process_completed` and `success: true` (`routes.py`, `cancel_event`), so the clients show it as
 *   cancelled, not failed. Gradio's `output` there is `{}`; ours carries the last value the client has (the
 *   partial answer), because @gradio/client 2.7.0 cannot read an output without `data`.
 * `average_duration` in outputs is the average process time (null before one is known).
 * @returns whether `process_completed` was written (false when the stream went away first)
 */
export async function writeQueueJob(
  job: GradioJob,
  writer: SseWriter,
  options: QueueJobOptions,
): Promise<boolean> {
  const { eventId, run } = job;
  const send = (message: QueueMessage) => writer.write(queueFrame(message));
  const answer = new AnswerText();
  let sent: string | undefined;
  let startedAt: number | undefined;
  let latestAt = 0;
  let estimated = false;
  let errorMessage = 'The run failed.';
  const seconds = (at: number) => (startedAt === undefined ? 0 : Math.max(0, at - startedAt) / 1000);
  const output = (value: string | DiffOp[], generating: boolean, at: number) =>
    successOutput(value, { generating, durationS: seconds(at), averageS: options.averageS() });

  const sendGenerating = (value: string, at: number) => {
    if (value === sent) return false;
    const data = sent === undefined ? value : diffString(sent, value);
    sent = value;
    void send({
      msg: 'process_generating',
      event_id: eventId,
      output: output(data, true, at),
      success: true,
      time_limit: null,
    });
    return true;
  };
  const throttle = new FrameThrottle(options.maxFps, () => sendGenerating(answer.value, latestAt));

  const completion = (status: RunStatus, text: string, at: number): QueueMessage => {
    if (status === 'completed')
      return {
        msg: 'process_completed',
        event_id: eventId,
        output: output(text, false, at),
        success: true,
        title: null,
      };
    if (status === 'cancelled' && options.cancelledByClient())
      // Gradio's `output: {}` would make @gradio/client 2.7.0 fail (`handle_payload` reads `output.data`); the
      // last value the client already has ends the job quietly there, and Python ignores it (its job is cancelled).
      return {
        msg: 'process_completed',
        event_id: eventId,
        output: output(sent ?? '', false, at),
        success: true,
        title: null,
      };
    return {
      msg: 'process_completed',
      event_id: eventId,
      output: errorOutput(errorMessage),
      success: false,
      title: 'Error',
    };
  };

  try {
    for await (const event of run.follow(0, writer.signal)) {
      switch (event.type) {
        case 'queued':
          estimated = true;
          await send({
            msg: 'estimation',
            event_id: eventId,
            rank: event.position - 1,
            queue_size: event.queueSize,
            rank_eta: event.etaS,
          });
          break;
        case 'run-start': {
          startedAt = event.at;
          const eta = options.averageS();
          if (!estimated)
            await send({ msg: 'estimation', event_id: eventId, rank: 0, queue_size: 1, rank_eta: eta });
          await send({ msg: 'process_starts', event_id: eventId, eta });
          break;
        }
        case 'text-delta':
          if (!job.endpoint.generator) break;
          answer.add(event.step, event.text);
          latestAt = event.at;
          throttle.request();
          break;
        case 'error':
          errorMessage = event.message;
          break;
        case 'run-end':
          throttle.cancel();
          if (job.endpoint.generator) {
            if (event.status === 'completed') sendGenerating(event.text, event.at);
            else if (answer.value !== '') sendGenerating(answer.value, latestAt);
          }
          await send(completion(event.status, event.text, event.at));
          return !writer.signal.aborted;
        default:
          break;
      }
    }
    return false;
  } finally {
    throttle.cancel();
  }
}

/**
 * The `GET /gradio_api/queue/data?session_hash=…` stream: one per client session, carrying the messages of all
 * its jobs — those pending when it opens and those that join while it is open. After a `process_completed`,
 * when the session has nothing else pending, it sends `close_stream` and ends (the JS client waits for that
 * message before it opens a new stream). A session with nothing pending (never joined, or all delivered) gets
 * Gradio's `unexpected_error` (`session_not_found`) and nothing after it. A client that disconnects stops
 * nothing: runs go on, and their results are kept for the session's next stream.
 */
export async function writeSessionStream(
  sessions: GradioSessions,
  sessionHash: string,
  writer: SseWriter,
  options: { maxFps: number; averageS: () => number | null; log: FastifyBaseLogger },
): Promise<void> {
  // One session stream follows each of its session's jobs, each with an abort listener on this signal that goes
  // when its job's stream ends: many at once is no leak, so Node's warning past ten is not wanted here.
  setMaxListeners(0, writer.signal);
  const pumps = new Set<Promise<void>>();
  let settle: (() => void) | undefined;
  const check = () => {
    if (writer.signal.aborted || (pumps.size === 0 && !sessions.hasPending(sessionHash))) settle?.();
  };
  const start = (job: GradioJob) => {
    const pump = writeQueueJob(job, writer, {
      maxFps: options.maxFps,
      averageS: options.averageS,
      cancelledByClient: () => sessions.cancelledByClient(job),
    })
      .then((delivered) => {
        if (delivered) sessions.delivered(job);
      })
      .catch((error: unknown) =>
        options.log.error({ err: error, eventId: job.eventId }, 'queue stream failed'),
      )
      .finally(() => {
        pumps.delete(pump);
        check();
      });
    pumps.add(pump);
  };

  const attachment = sessions.attach(sessionHash, start);
  if (!attachment) {
    await writer.write(
      queueFrame({
        msg: 'unexpected_error',
        event_id: null,
        message: '404: Not Found',
        session_not_found: true,
        success: false,
      }),
    );
    // The stream ends here, without `close_stream`, as Gradio's does (`routes.py`, `queue_data_helper`: the
    // `unexpected_error` is the last message before the response ends).
    await writer.end();
    return;
  }
  try {
    for (const job of attachment.pending) start(job);
    await new Promise<void>((resolve) => {
      settle = resolve;
      writer.signal.addEventListener('abort', check, { once: true });
      check();
    });
  } finally {
    attachment.detach();
  }
  await writer.write(queueFrame({ msg: 'close_stream', event_id: null }));
  await writer.end();
}
