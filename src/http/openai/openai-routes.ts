import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyPluginCallback } from 'fastify';
import type { Config } from '../../config/config.js';
import type { LlmService } from '../../llm/llm-service.js';
import type { RunManager } from '../../runs/run-manager.js';
import { parseChatRequest } from './chat-request.js';
import { collectChatCompletion, streamChatCompletion } from './chat-stream-view.js';
import { chatCompletion, type CompletionMeta } from './completion-shapes.js';
import { installOpenAiErrorHandler } from './openai-error-handler.js';
import { resolveModel, servedModels } from './served-model.js';
import { clientLlmKey } from '../client-llm-key.js';
import { randomBytes } from 'node:crypto';
import { storeUploads } from '../../files/store-uploads.js';
import type { SessionStore } from '../../sessions/session-store.js';
import { titleFrom } from '../native/native-routes.js';
import { splitModelRef } from '../../config/config.js';
import { callerScope, scopedSessionIdOf } from '../auth/caller-scope.js';
import { traceHeadersOf } from '../trace-headers-of.js';

/** `/v1` as OpenAI serves it; `/api/v1` as the original copilot did. */
const PREFIXES = ['/v1', '/api/v1'] as const;

/** What the OpenAI-compatible routes need. */
export interface OpenAiRouteDeps {
  readonly config: Config;
  readonly runs: RunManager;
  readonly llm: LlmService;
  readonly sessions: SessionStore;
}

/**
 * The OpenAI-compatible API under `/v1` and `/api/v1`: `POST /chat/completions` (streamed or not),
 * `GET /models`, `GET /models/{model}`. Protected by `API_KEYS` when set; every error is an OpenAI error object.
 * Runs go through the same queue and run log as every other surface (`api: 'openai'`).
 */
export function registerOpenAiRoutes(app: FastifyInstance, deps: OpenAiRouteDeps): void {
  const startedAt = Math.floor(Date.now() / 1000);
  const plugin: FastifyPluginCallback = (scope, _options, done) => {
    installOpenAiErrorHandler(scope, deps.config.http.bodyLimitBytes);

    scope.get('/models', () => ({
      object: 'list',
      data: servedModels(deps.llm).listed.map((m) => ({
        id: m.id,
        object: 'model',
        created: startedAt,
        owned_by: m.provider,
      })),
    }));

    scope.get<{ Params: { '*': string } }>('/models/*', (request) => {
      const served = servedModels(deps.llm);
      const { echo, run } = resolveModel(request.params['*'], { ...served, configured: true });
      const provider = run === undefined ? served.provider : (splitModelRef(run).provider ?? served.provider);
      return { id: echo, object: 'model', created: startedAt, owned_by: provider };
    });

    // A question may carry files inline (base64: a third larger), each up to UPLOAD_MAX_BYTES.
    const bodyLimit = Math.max(
      deps.config.http.bodyLimitBytes,
      Math.ceil((deps.config.http.uploadMaxBytes * 4) / 3) + deps.config.http.bodyLimitBytes,
    );
    scope.post('/chat/completions', { bodyLimit }, async (request, reply) => {
      const input = parseChatRequest(request.body, deps.config.http.uploadMaxBytes);
      const { echo: model, run: runModel } = resolveModel(input.model, servedModels(deps.llm));
      const llmApiKey = clientLlmKey(request, deps.config.llm.allowClientKeys);
      const created = Math.floor(Date.now() / 1000);
      const owner = callerScope('openai', request);
      // Files in the question go into its conversation (one is made for a request without a session id), where
      // the file tools read them.
      const sessionId =
        scopedSessionIdOf(owner, input.sessionId) ??
        (input.attachments.length > 0
          ? scopedSessionIdOf(owner, `files-${randomBytes(16).toString('hex')}`)
          : undefined);
      if (input.attachments.length > 0 && sessionId !== undefined) {
        if (!(await deps.sessions.getSession(sessionId)))
          await deps.sessions.createSession({
            id: sessionId,
            ownerHash: owner,
            title: titleFrom(input.question),
            createdAt: new Date().toISOString(),
          });
        await storeUploads(
          deps.sessions,
          sessionId,
          input.attachments,
          deps.config.http.uploadMaxFilesPerSession,
        );
      }
      const run = await deps.runs.start({
        api: 'openai',
        owner,
        traceHeaders: traceHeadersOf(request),
        question: input.question,
        sessionId,
        clientSessionId: input.sessionId,
        credentials: input.credentials,
        model: runModel,
        llmApiKey,
        ...(input.history !== undefined ? { history: input.history } : {}),
      });
      const meta: CompletionMeta = { id: `chatcmpl-${run.id}`, created, model };
      // Without a session nobody can ever read the answer once the client is gone: stop spending on it.
      // With one, the run goes on and its turn is saved, as for the Gradio surfaces.
      const signal = watchDisconnect(reply.raw, () => {
        if (input.sessionId === undefined && deps.runs.cancel(run.id))
          request.log.info({ runId: run.id }, 'client disconnected; run cancelled');
      });
      request.log.debug(
        { runId: run.id, stream: input.stream, session: input.sessionId !== undefined },
        'chat',
      );

      if (input.stream) {
        await streamChatCompletion(run, reply, {
          meta,
          includeUsage: input.includeUsage,
          holdMs: deps.config.stream.heartbeatMs,
          heartbeatMs: deps.config.stream.heartbeatMs,
          signal,
        });
        return reply;
      }
      const state = await collectChatCompletion(run, signal);
      if (state.status === undefined) {
        reply.hijack();
        return reply;
      }
      const error = state.error;
      if (error) throw error;
      return reply.send(chatCompletion(meta, state.text, state.finishReason, state.usage));
    });
    done();
  };
  for (const prefix of PREFIXES) void app.register(plugin, { prefix });
}

/** An abort signal that fires when the client goes away before the response has been completely sent. */
function watchDisconnect(res: ServerResponse, onDisconnect: () => void): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (res.writableFinished) return;
    controller.abort('disconnect');
    onDisconnect();
  });
  return controller.signal;
}
