import type { ModelMessage } from 'ai';
import { z } from 'zod';
import type { InterruptedRun } from './run-record.js';
import type { HistorySummary, PendingCall, SessionSummary, StoredFile, StoredTurn } from './session-store.js';

// The rows both SQL stores read back, in one place. SQLite hands back times as ISO text and JSON columns as text;
// PostgreSQL gives `Date`s and parsed `jsonb`: the column schemas accept either form and yield the same values.

/** An ISO 8601 time, from text (SQLite) or a `Date` (PostgreSQL `timestamptz`). */
const time = z.union([z.string(), z.date()]).transform((v) => (typeof v === 'string' ? v : v.toISOString()));

/** A JSON column: text (SQLite) is parsed; unparsable text reads as absent. `jsonb` (PostgreSQL) comes parsed. */
const jsonColumn = z.unknown().transform((v): unknown => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
});

const usageJson = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  totalTokens: z.number(),
  cachedInputTokens: z.number().optional(),
  cost: z.number().optional(),
  currency: z.string().optional(),
  costs: z.record(z.string(), z.number()).optional(),
  costUsd: z.number().optional(),
  lastCallInputTokens: z.number().optional(),
  contextTokens: z.number().optional(),
});

const toolDurationsJson = z.record(z.string(), z.number().int().nonnegative());
const fallbacksJson = z.array(
  z.object({ from: z.string(), to: z.string(), code: z.string(), reason: z.string() }),
);

const turnRow = z.object({
  id: z.string(),
  created_at: time,
  status: z.enum(['completed', 'interrupted', 'failed']),
  question: z.string(),
  answer: z.string(),
  messages: jsonColumn.pipe(z.array(z.unknown())),
  error_code: z.string().nullable(),
  model: z.string().nullable(),
  usage: jsonColumn,
  duration_ms: z.number().nullable(),
  tool_durations: jsonColumn,
  fallbacks: jsonColumn,
});

const sessionRow = z.object({
  id: z.string(),
  title: z.string().nullable(),
  owner_hash: z.string().nullable(),
  created_at: time,
  updated_at: time,
  turn_count: z.number(),
});

const runRow = z.object({
  id: z.string(),
  session_id: z.string().nullable(),
  owner_hash: z.string(),
  question: z.string(),
  answer: z.string(),
  started_at: time,
  instance_id: z.string().nullable(),
  lease_expires_at: time.nullable(),
});

/** A stored turn from its row. Usage or tool durations that do not parse read as not recorded. */
export function toTurn(raw: unknown): StoredTurn {
  const r = turnRow.parse(raw);
  const usage = usageJson.safeParse(r.usage);
  const toolDurations = toolDurationsJson.safeParse(r.tool_durations);
  const fallbacks = fallbacksJson.safeParse(r.fallbacks);
  return {
    id: r.id,
    createdAt: r.created_at,
    status: r.status,
    question: r.question,
    answer: r.answer,
    messages: r.messages as ModelMessage[],
    ...(r.error_code ? { errorCode: r.error_code } : {}),
    ...(r.model ? { model: r.model } : {}),
    ...(usage.success ? { usage: usage.data } : {}),
    ...(r.duration_ms !== null ? { durationMs: r.duration_ms } : {}),
    ...(toolDurations.success ? { toolDurationsMs: toolDurations.data } : {}),
    ...(fallbacks.success && fallbacks.data.length > 0 ? { fallbacks: fallbacks.data } : {}),
  };
}

const pendingCallJson = z.object({ toolName: z.string(), input: z.unknown(), createdAt: z.string() });

/** A held call from its column (JSON text or a parsed jsonb value); undefined when absent or not one. */
export function toPendingCall(raw: unknown): PendingCall | undefined {
  if (raw === null || raw === undefined) return undefined;
  const parsed = jsonColumn.pipe(pendingCallJson).safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

const fileRow = z.object({
  id: z.string(),
  session_id: z.string(),
  name: z.string(),
  size: z.number(),
  media_type: z.string(),
  created_at: time,
});

/** An uploaded file's metadata from its row. */
export function toStoredFile(raw: unknown): StoredFile {
  const r = fileRow.parse(raw);
  return {
    id: r.id,
    sessionId: r.session_id,
    name: r.name,
    size: r.size,
    mediaType: r.media_type,
    createdAt: r.created_at,
  };
}

/** A session's summary from its row (with `turn_count`). */
export function toSummary(raw: unknown): SessionSummary {
  const r = sessionRow.parse(raw);
  return {
    id: r.id,
    title: r.title ?? undefined,
    ownerHash: r.owner_hash ?? undefined,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    turnCount: r.turn_count,
  };
}

/** A run record a restart or a lease sweep closes, from its row. */
export function toInterruptedRun(raw: unknown): InterruptedRun {
  const r = runRow.parse(raw);
  return {
    runId: r.id,
    sessionId: r.session_id ?? undefined,
    ownerHash: r.owner_hash,
    question: r.question,
    answer: r.answer,
    startedAt: r.started_at,
    ...(r.instance_id !== null ? { instanceId: r.instance_id } : {}),
    ...(r.lease_expires_at !== null ? { leaseExpiresAt: r.lease_expires_at } : {}),
  };
}

/** A stored history summary from its two columns (both NULL when none was made). */
export function toSummaryOfHistory(
  text: string | null | undefined,
  turns: number | null | undefined,
): HistorySummary | undefined {
  if (typeof text !== 'string' || typeof turns !== 'number' || turns < 1) return undefined;
  return { text, turns };
}
