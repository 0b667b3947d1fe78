import type { FastifyBaseLogger } from 'fastify';
import { AnswerText } from '../../agent/answer-text.js';
import { FrameThrottle } from '../frame-throttle.js';
import type { SseWriter } from '../sse-writer.js';
import type { GradioJob, GradioSessions } from './gradio-sessions.js';
import { errorOutput, queueFrame, successOutput, type QueueMessage } from './queue-messages.js';
import { diffString } from './string-diff.js';

/** The heartbeat block of `/queue/data` (a `data:` block: the Python client rejects SSE comments). */
export const QUEUE_HEARTBEAT_FRAME = queueFrame({ msg: 'heartbeat', event_id: null });

/**
 * The queue-protocol view of one job's run log, written to a `/queue/data` stream (replayed from the start):
 * - `queued` events → `estimation` with the real 0-based `rank` (position − 1) and `queue_size` (runs waiting);
 *   a run that got a slot at once gets one `estimation` with rank 0 of 1 — it was the head of the queue;
 * - `run-start` → `process_starts`;
 * - for a generator (`/ask_stream`), the cumulative answer as `process_generating`: the first carries the text,
 *   later ones the edits from the previous one (`sse_v3` diffs), at most `maxFps` a second;
 * - `run-end` → `process_completed` with the exact final answer, or `{error: message}` when the run failed or
 *   was cancelled (the clients reject with that message).
 * @returns whether `process_completed` was written (false when the stream went away first)
 */
export async function writeQueueJob(
  job: GradioJob,
  writer: SseWriter,
  options: { maxFps: number },
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

  const throttle = new FrameThrottle(options.maxFps, () => {
    const value = answer.value;
    if (value === sent) return false;
    const data = sent === undefined ? value : diffString(sent, value);
    sent = value;
    void send({
      msg: 'process_generating',
      event_id: eventId,
      output: successOutput(data, { generating: true, durationS: seconds(latestAt) }),
      success: true,
      time_limit: null,
    });
    return true;
  });

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
            rank_eta: null,
          });
          break;
        case 'run-start':
          startedAt = event.at;
          if (!estimated)
            await send({ msg: 'estimation', event_id: eventId, rank: 0, queue_size: 1, rank_eta: null });
          await send({ msg: 'process_starts', event_id: eventId, eta: null });
          break;
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
          await send(
            event.status === 'completed'
              ? {
                  msg: 'process_completed',
                  event_id: eventId,
                  output: successOutput(event.text, { generating: false, durationS: seconds(event.at) }),
                  success: true,
                  title: null,
                }
              : {
                  msg: 'process_completed',
                  event_id: eventId,
                  output: errorOutput(errorMessage),
                  success: false,
                  title: 'Error',
                },
          );
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
 * message before it opens a new stream). A session that has never joined a job gets Gradio's
 * `unexpected_error` (`session_not_found`). A client that disconnects stops nothing: runs go on, and their
 * results are kept for the session's next stream.
 */
export async function writeSessionStream(
  sessions: GradioSessions,
  sessionHash: string,
  writer: SseWriter,
  options: { maxFps: number; log: FastifyBaseLogger },
): Promise<void> {
  const pumps = new Set<Promise<void>>();
  let settle: (() => void) | undefined;
  const check = () => {
    if (writer.signal.aborted || (pumps.size === 0 && !sessions.hasPending(sessionHash))) settle?.();
  };
  const start = (job: GradioJob) => {
    const pump = writeQueueJob(job, writer, options)
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
    await writer.write(queueFrame({ msg: 'close_stream', event_id: null }));
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
