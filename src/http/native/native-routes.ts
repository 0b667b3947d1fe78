import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import type { LlmService } from '../../llm/llm-service.js';
import type { RunManager } from '../../runs/run-manager.js';
import type { SessionStore, SessionSummary } from '../../sessions/session-store.js';
import type { PlatformCredentials } from '../../tools/tool-context.js';
import { PUBLIC_ROUTE } from '../auth/route-access.js';
import { SseWriter } from '../sse-writer.js';
import { clientOwner } from './client-key.js';
import { ownedSession } from './owned-session.js';
import { NativeRunIndex } from './native-run-index.js';
import { writeNativeStream } from './native-event-stream.js';
import {
  afterSeq,
  approvalBody,
  approvalParams,
  renameSessionBody,
  runParams,
  sessionParams,
  startRunBody,
} from './native-schemas.js';
import { parseInput } from './parse-input.js';
import { sessionSummaryJson, turnJson, usageTotals } from './session-view.js';
import { traceHeadersOf } from '../trace-headers-of.js';
import { clientLlmKey } from '../client-llm-key.js';

/** Characters of the question a new session is titled with when the request names no title. */
const TITLE_FROM_QUESTION_CHARS = 60;
/** How long `DELETE /api/sessions/:id` waits for the session's cancelled runs to end. */
const DELETE_WAIT_MS = 5000;

/** What the native API needs. */
export interface NativeRouteDeps {
  readonly config: Config;
  readonly llm: LlmService;
  readonly runs: RunManager;
  readonly sessions: SessionStore;
}

/**
 * The native run API under `/api` (see `docs/native-api.md`): the server's model, runs that stream their typed
 * events and can be resumed and cancelled, and the caller's sessions. Runs and sessions belong to the
 * `X-Client-Key` that created them; another key gets 404.
 */
export function registerNativeRoutes(app: FastifyInstance, deps: NativeRouteDeps): void {
  const { config, llm, runs, sessions } = deps;
  const index = new NativeRunIndex(runs);

  /** The caller's session named by the path, or UNKNOWN_SESSION. */
  const ownedSessionOf = async (request: FastifyRequest, owner: string): Promise<SessionSummary> =>
    ownedSession(sessions, parseInput(sessionParams, request.params, 'path').id, owner);

  // Public: the web chat asks it whether it must ask the person for an API key.
  app.get('/api/config', PUBLIC_ROUTE, () => {
    const status = llm.status;
    const { provider, model } = llm.provider;
    return {
      provider,
      model: model ?? '',
      // Every configured provider's models, default provider first; `id` is what a run names to use one.
      models: llm.offered.map((m) => ({
        id: m.ref,
        provider: m.provider,
        name: m.id,
        ...(m.contextTokens !== undefined ? { context_tokens: m.contextTokens } : {}),
      })),
      default_model: model === undefined ? '' : `${provider}:${model}`,
      fallback_models: config.agent.fallbackModels,
      client_llm_keys: config.llm.allowClientKeys,
      ready: status.state === 'ready' || (status.state === 'degraded' && status.onFallback === true),
      ...(status.state !== 'ready' ? { reason: status.reason } : {}),
      // The web chat asks for a key in its settings when this is true.
      auth_required: config.http.apiKeys.length > 0,
    };
  });

  app.post('/api/runs', async (request, reply) => {
    const owner = clientOwner(request);
    const body = parseInput(startRunBody, request.body, 'body');
    if (body.question.trim() === '')
      throw new AppError('EMPTY_QUESTION', 'The question is empty: send a question.');
    // An unknown model is refused now (404), before a session is made; while the provider is still starting,
    // the run checks it when it begins.
    if (body.model !== undefined && llm.status.state === 'ready') llm.modelFor(body.model);
    const llmApiKey = clientLlmKey(request, config.llm.allowClientKeys);
    let sessionId = body.session_id;
    let created = false;
    if (sessionId !== undefined) {
      await ownedSession(sessions, sessionId, owner);
    } else {
      sessionId = randomBytes(16).toString('hex');
      await sessions.createSession({
        id: sessionId,
        ownerHash: owner,
        title: body.title ?? titleFrom(body.question),
        createdAt: new Date().toISOString(),
      });
      created = true;
    }
    const c = body.credentials;
    const credentials: PlatformCredentials = {
      ...(c?.base_url ? { baseUrl: c.base_url } : {}),
      ...(c?.username ? { username: c.username } : {}),
      ...(c?.password ? { password: c.password } : {}),
    };
    let run;
    try {
      run = await runs.start({
        api: 'native',
        owner,
        traceHeaders: traceHeadersOf(request),
        question: body.question,
        sessionId,
        credentials,
        model: body.model,
        llmApiKey,
      });
    } catch (error) {
      // Refused before it began (queue full, shutting down): leave no empty session behind.
      if (created) await sessions.deleteSession(sessionId);
      throw error;
    }
    index.add(run, sessionId);
    return reply.status(202).send({ run_id: run.id, session_id: sessionId });
  });

  app.get('/api/runs/:run_id/events', async (request, reply) => {
    const owner = clientOwner(request);
    const { run_id } = parseInput(runParams, request.params, 'path');
    const header = request.headers['last-event-id'];
    const query = (request.query as { after?: unknown }).after;
    // A reconnecting EventSource keeps the URL (`?after=` of the first connect) and adds the header: the header wins.
    const after =
      typeof header === 'string' && header.trim() !== ''
        ? parseInput(afterSeq, header, 'Last-Event-ID')
        : query !== undefined
          ? parseInput(afterSeq, query, 'after')
          : 0;
    const run = await index.find(run_id, owner);
    reply.hijack();
    const writer = new SseWriter(reply.raw, {
      heartbeatMs: config.stream.heartbeatMs,
      heartbeat: ': ping\n\n',
    });
    try {
      await writeNativeStream(run, writer, after);
    } catch (error) {
      request.log.error({ err: error }, 'stream failed');
      await writer.end();
    }
  });

  app.post('/api/runs/:run_id/cancel', async (request, reply) => {
    const owner = clientOwner(request);
    const { run_id } = parseInput(runParams, request.params, 'path');
    const run = await index.find(run_id, owner);
    // In clustered mode the run may be driven by another instance: it hears the cancel through Redis.
    const info = await run.info();
    if (info.ended || !(await runs.cancelAnywhere(run.id)))
      throw new AppError('RUN_ENDED', `The run has already ended (${info.status ?? 'ending'}).`);
    return reply.status(202).send({ cancelled: true });
  });

  app.post('/api/runs/:run_id/approvals/:approval_id', async (request, reply) => {
    const owner = clientOwner(request);
    const { run_id, approval_id } = parseInput(approvalParams, request.params, 'path');
    const body = parseInput(approvalBody, request.body, 'body');
    await runs.decideApproval(run_id, approval_id, owner, {
      approved: body.approved,
      ...(body.reason ? { reason: body.reason } : {}),
    });
    return reply.send({ approval_id, approved: body.approved });
  });

  app.get('/api/sessions', async (request) => {
    const owner = clientOwner(request);
    const list = await sessions.listSessions(owner);
    return { sessions: list.map(sessionSummaryJson) };
  });

  app.get('/api/sessions/:id', async (request) => {
    const owner = clientOwner(request);
    const session = await ownedSessionOf(request, owner);
    const turns = await sessions.getTurns(session.id);
    const { id, title, created_at, updated_at } = sessionSummaryJson(session);
    return { id, title, created_at, updated_at, turns: turns.map(turnJson), usage: usageTotals(turns) };
  });

  app.patch('/api/sessions/:id', async (request) => {
    const owner = clientOwner(request);
    const session = await ownedSessionOf(request, owner);
    const { title } = parseInput(renameSessionBody, request.body, 'body');
    const renamed = await sessions.renameSession(session.id, title);
    if (!renamed) throw new AppError('UNKNOWN_SESSION', `Unknown session "${session.id.slice(0, 64)}".`);
    return sessionSummaryJson(renamed);
  });

  app.delete('/api/sessions/:id', async (request, reply) => {
    const owner = clientOwner(request);
    const session = await ownedSessionOf(request, owner);
    // A run still going would save its turn after the delete and bring the session back: stop it first.
    await index.stopSession(session.id, DELETE_WAIT_MS);
    await sessions.deleteSession(session.id);
    return reply.status(204).send();
  });
}

/** A title from the first words of a question: one line, at most {@link TITLE_FROM_QUESTION_CHARS} characters. */
export function titleFrom(question: string): string {
  const line = question.replace(/\s+/gu, ' ').trim();
  const chars = [...line]; // code points: never split a surrogate pair
  if (chars.length <= TITLE_FROM_QUESTION_CHARS) return line;
  const cut = chars.slice(0, TITLE_FROM_QUESTION_CHARS - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_FROM_QUESTION_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
