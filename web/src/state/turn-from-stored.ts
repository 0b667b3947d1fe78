import type { StoredTurn } from '../api/api-types.js';
import { contextUseOf, type ToolCallView, type TurnView } from './turn-view.js';

/** A turn of the session history as the page shows it. */
export function turnFromStored(stored: StoredTurn): TurnView {
  const tools: ToolCallView[] = (stored.tools ?? []).map((t) => ({
    id: t.toolCallId,
    name: t.toolName,
    input: t.input,
    status: t.isError ? 'error' : 'done',
    output: t.output,
    ...(typeof t.durationMs === 'number' ? { durationMs: t.durationMs } : {}),
  }));
  const lastCall = stored.usage && contextUseOf(stored.usage);
  return {
    key: stored.id,
    createdAt: stored.created_at,
    question: stored.question,
    answer: stored.answer,
    phase: 'done',
    outcome: stored.status,
    tools,
    ...(stored.model ? { model: stored.model } : {}),
    ...(stored.fallbacks?.length ? { fallbacks: stored.fallbacks } : {}),
    ...(stored.usage ? { usage: stored.usage } : {}),
    ...(lastCall ? { lastCall } : {}),
    ...(typeof stored.duration_ms === 'number' ? { durationMs: stored.duration_ms } : {}),
    ...(stored.error_code ? { error: { code: stored.error_code } } : {}),
  };
}
