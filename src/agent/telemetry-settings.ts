import type { Tracer } from '@opentelemetry/api';

/**
 * The AI SDK's telemetry settings for one of the agent's LLM calls: with a tracer (tracing on), spans under the
 * active span, without recording inputs or outputs (prompts, tool arguments and results, answers); without one,
 * nothing (an empty object to spread into the call).
 * @param tracer - the server's tracer, when tracing is on
 * @param functionId - names the call in the spans (`cmw.agent-turn`, `cmw.summarise-history`)
 */
export function telemetrySettings(tracer: Tracer | undefined, functionId: string) {
  return tracer
    ? {
        experimental_telemetry: {
          isEnabled: true,
          tracer,
          recordInputs: false,
          recordOutputs: false,
          functionId,
        },
      }
    : {};
}
