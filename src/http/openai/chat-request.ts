import type { ModelMessage } from 'ai';
import { z } from 'zod';
import { MAX_SESSION_ID_LENGTH } from '../../sessions/session-store.js';
import { AppError } from '../../errors/app-error.js';
import type { PlatformCredentials } from '../../tools/tool-context.js';
import { carriedExtraBody, parseCmwExtraBody, type CmwExtraBody } from './cmw-extra-body.js';
import { describeIssue, fieldPath } from '../describe-issue.js';
import { messageText } from './message-text.js';
import { messageAttachments, type Attachment } from './message-attachments.js';
import { OpenAiParamError } from './openai-error.js';

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'] as const;

const contentPart = z.looseObject({ type: z.string() });
const messageSchema = z.looseObject({
  role: z.enum(ROLES),
  content: z.union([z.string(), z.array(contentPart)]).nullish(),
});

/**
 * The fields of `POST /v1/chat/completions` the server reads. Other OpenAI fields (`temperature`, `tools`,
 * `max_tokens`, `n`…) are accepted and ignored: the agent decides how to call its model.
 */
export const chatRequestSchema = z.looseObject({
  model: z.string().max(256).nullish(),
  messages: z.array(messageSchema).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  metadata: z.looseObject({ session_id: z.string().max(MAX_SESSION_ID_LENGTH).nullish() }).nullish(),
  response_format: z.looseObject({ type: z.string() }).nullish(),
});

type ChatMessage = z.infer<typeof messageSchema>;

/** A chat completion request, validated and translated for the run manager. */
export interface ChatRequest {
  /** The `model` the client asked for, if any. */
  readonly model: string | undefined;
  readonly stream: boolean;
  /** `stream_options.include_usage`: send a last chunk with `usage` and `choices: []`. */
  readonly includeUsage: boolean;
  /** The text of the last user message. */
  readonly question: string;
  /** `cmw_extra_body.session_id`, else `metadata.session_id`; undefined for a stateless request. */
  readonly sessionId: string | undefined;
  /** Platform credentials from `cmw_extra_body`, for this run's tools only. */
  readonly credentials: PlatformCredentials;
  /**
   * Without a session: the earlier user and assistant messages of `messages`, as turns (each starts at a user
   * message). With a session: undefined, the stored history is used and the array's earlier messages ignored.
   */
  readonly history: ModelMessage[][] | undefined;
  /** Files the question carries inline (`file` and `image_url` parts with data: URLs). */
  readonly attachments: readonly Attachment[];
}

/**
 * Validates a chat completion body and works out the question, the conversation and the credentials:
 * - the question is the last `user` message (its text parts joined; images are ignored);
 * - `cmw_extra_body` comes from the body (what `extra_body={"cmw_extra_body": …}` sends) and from `system` /
 *   `developer` messages whose text is a JSON object with that key, as in the original; later ones win field by
 *   field. Those carrier messages are not conversation;
 * - other system messages are ignored: the agent has its own system prompt;
 * - `tool` messages and assistant tool calls are the client's own tools and are ignored.
 * @throws OpenAiParamError INVALID_BODY naming the field at fault
 */
export function parseChatRequest(body: unknown, maxFileBytes = Number.POSITIVE_INFINITY): ChatRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new AppError(
      'INVALID_BODY',
      'The body must be a JSON object like {"model": "…", "messages": [{"role": "user", "content": "Hello"}]}.',
    );
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    let message = describeIssue(issue, body);
    if (issue.path.length === 1 && issue.path[0] === 'messages')
      message += ': send an array of {"role": "user", "content": "…"} objects';
    else if (issue.path.length === 3 && issue.path[2] === 'content')
      message = `${fieldPath(issue.path)} must be a string or an array of content parts`;
    throw new OpenAiParamError('INVALID_BODY', message, fieldPath(issue.path));
  }
  const req = parsed.data;
  const format = req.response_format?.type;
  if (format !== undefined && format !== 'text')
    throw new OpenAiParamError(
      'INVALID_BODY',
      `response_format "${format}" is not supported: the agent answers in prose.`,
      'response_format',
    );

  const messages = req.messages;
  let extra = mergeExtra(undefined, (body as { cmw_extra_body?: unknown }).cmw_extra_body, 'cmw_extra_body');
  messages.forEach((m, i) => {
    if (m.role !== 'system' && m.role !== 'developer') return;
    const carried = carriedExtraBody(messageText(m.content));
    if (!carried.found) return;
    extra = mergeExtra(extra, carried.value, `messages[${i}].content`);
  });

  const lastUser = messages.findLastIndex((m) => m.role === 'user');
  if (lastUser < 0)
    throw new OpenAiParamError(
      'INVALID_BODY',
      'messages has no user message: the last message with role "user" is the question.',
      'messages',
    );
  const question = messageText(messages[lastUser]!.content);
  const attachments = messageAttachments(
    messages[lastUser]!.content,
    `messages[${lastUser}].content`,
    maxFileBytes,
  );
  if (question.trim() === '')
    throw new OpenAiParamError(
      'INVALID_BODY',
      `messages[${lastUser}] (the question) has no text.`,
      `messages[${lastUser}].content`,
    );

  const sessionId = extra?.sessionId ?? (req.metadata?.session_id?.trim() || undefined);
  return {
    model: req.model ?? undefined,
    stream: req.stream === true,
    includeUsage: req.stream === true && req.stream_options?.include_usage === true,
    question,
    sessionId,
    credentials: extra?.credentials ?? {},
    history: sessionId === undefined ? historyTurns(messages.slice(0, lastUser)) : undefined,
    attachments,
  };
}

function mergeExtra(
  current: CmwExtraBody | undefined,
  value: unknown,
  param: string,
): CmwExtraBody | undefined {
  if (value === undefined || value === null) return current;
  const next = parseCmwExtraBody(value, param);
  return {
    sessionId: next.sessionId ?? current?.sessionId,
    credentials: { ...current?.credentials, ...next.credentials },
  };
}

/** Earlier user and assistant messages as turns; a turn starts at each user message. */
function historyTurns(messages: readonly ChatMessage[]): ModelMessage[][] {
  const turns: ModelMessage[][] = [];
  for (const m of messages) {
    if (m.role !== 'user' && m.role !== 'assistant') continue;
    const text = messageText(m.content);
    if (text.trim() === '') continue;
    if (m.role === 'user') turns.push([{ role: 'user', content: text }]);
    else if (turns.length > 0) turns.at(-1)!.push({ role: 'assistant', content: text });
    else turns.push([{ role: 'assistant', content: text }]);
  }
  return turns;
}
