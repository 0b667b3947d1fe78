import { context, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';

/** How one LLM step ended, for its span. */
export interface StepOutcome {
  readonly finishReason?: string | undefined;
  readonly inputTokens?: number | undefined;
  readonly outputTokens?: number | undefined;
  readonly responseId?: string | undefined;
  readonly responseModel?: string | undefined;
  readonly msToFirstChunk?: number | undefined;
  readonly error?: unknown;
}

/** The span of one LLM step; `end` closes it. */
export interface StepSpan {
  end(outcome: StepOutcome): void;
}

const NO_STEP: StepSpan = { end: () => undefined };

/**
 * The spans of one agent turn, named and attributed as the AI SDK's telemetry names those of `streamText`
 * (`ai.streamText`, one `ai.streamText.doStream` a step, one `ai.toolCall` a tool call, under the span active when
 * the turn began), so dashboards built on them keep working. Inputs and outputs (prompts, tool arguments and
 * results, answers) are never recorded. Without a tracer every method does nothing.
 */
export class TurnSpans {
  readonly #tracer: Tracer | undefined;
  readonly #base: Attributes;
  readonly #functionId: string;
  readonly #root: Span | undefined;
  readonly #context = context.active();

  /**
   * Starts the turn's span.
   * @param tracer - the server's tracer, when tracing is on
   * @param functionId - names the call in the spans (`cmw.agent-turn`)
   * @param model - the model the turn starts on
   * @param settings - the call settings, recorded as `ai.settings.*`
   */
  constructor(
    tracer: Tracer | undefined,
    functionId: string,
    model: { readonly provider: string; readonly modelId: string },
    settings: Readonly<Record<string, number>>,
  ) {
    this.#tracer = tracer;
    this.#functionId = functionId;
    // Without tracing a run pays for nothing here.
    this.#base = tracer
      ? {
          'ai.model.provider': model.provider,
          'ai.model.id': model.modelId,
          'ai.telemetry.functionId': functionId,
          'resource.name': functionId,
          ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [`ai.settings.${k}`, v])),
        }
      : {};
    this.#root = tracer?.startSpan(
      'ai.streamText',
      { attributes: this.#attributes('ai.streamText') },
      this.#context,
    );
  }

  /**
   * Starts the span of one LLM call.
   * @param model - the model called (it changes when the turn moves to a fallback)
   */
  step(model: { readonly provider: string; readonly modelId: string }): StepSpan {
    const root = this.#root;
    if (this.#tracer === undefined || root === undefined) return NO_STEP;
    const span = this.#tracer.startSpan(
      'ai.streamText.doStream',
      {
        attributes: {
          ...this.#attributes('ai.streamText.doStream'),
          'ai.model.provider': model.provider,
          'ai.model.id': model.modelId,
          'gen_ai.system': model.provider,
          'gen_ai.request.model': model.modelId,
        },
      },
      trace.setSpan(this.#context, root),
    );
    return {
      end: (o) => {
        span.setAttributes(
          defined({
            'ai.response.finishReason': o.finishReason,
            'ai.response.id': o.responseId,
            'ai.response.model': o.responseModel,
            'ai.response.msToFirstChunk': o.msToFirstChunk,
            'ai.usage.inputTokens': o.inputTokens,
            'ai.usage.outputTokens': o.outputTokens,
            'gen_ai.response.finish_reasons': o.finishReason === undefined ? undefined : [o.finishReason],
            'gen_ai.response.id': o.responseId,
            'gen_ai.response.model': o.responseModel,
            'gen_ai.usage.input_tokens': o.inputTokens,
            'gen_ai.usage.output_tokens': o.outputTokens,
          }),
        );
        if (o.error !== undefined) failed(span, o.error);
        span.end();
      },
    };
  }

  /**
   * Runs a tool call in its span: what the tool does (its platform calls) is traced under it.
   * @param toolName - the tool
   * @param toolCallId - the call's id
   * @param run - the call
   */
  async tool<T>(toolName: string, toolCallId: string, run: () => Promise<T>): Promise<T> {
    const root = this.#root;
    if (this.#tracer === undefined || root === undefined) return run();
    const span = this.#tracer.startSpan(
      'ai.toolCall',
      {
        attributes: {
          ...this.#attributes('ai.toolCall'),
          'ai.toolCall.name': toolName,
          'ai.toolCall.id': toolCallId,
        },
      },
      trace.setSpan(this.#context, root),
    );
    try {
      return await context.with(trace.setSpan(this.#context, span), run);
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  }

  /**
   * Ends the turn's span.
   * @param outcome - the turn's total usage and last finish reason, or its error
   */
  end(outcome: StepOutcome): void {
    const root = this.#root;
    if (root === undefined) return;
    root.setAttributes(
      defined({
        'ai.response.finishReason': outcome.finishReason,
        'ai.usage.inputTokens': outcome.inputTokens,
        'ai.usage.outputTokens': outcome.outputTokens,
      }),
    );
    if (outcome.error !== undefined) failed(root, outcome.error);
    root.end();
  }

  #attributes(operationId: string): Attributes {
    return {
      ...this.#base,
      'operation.name': `${operationId} ${this.#functionId}`,
      'ai.operationId': operationId,
    };
  }
}

function failed(span: Span, error: unknown): void {
  if (error instanceof Error) {
    span.recordException({ name: error.name, message: error.message });
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  } else span.setStatus({ code: SpanStatusCode.ERROR });
}

function defined(attributes: Record<string, Attributes[string] | undefined>): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined));
}
