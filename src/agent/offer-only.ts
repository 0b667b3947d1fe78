import { wrapLanguageModel, type LanguageModel } from 'ai';

type ProviderModel = Parameters<typeof wrapLanguageModel>[0]['model'];

/**
 * The model of one turn, sending each LLM call only the tools `names()` returns at that moment (asked before every
 * call), in their usual order. The turn itself keeps every tool: a call the model makes to a tool it was not
 * offered is still checked against that tool's schema and run, as a call to an offered one is.
 * @param model - the provider's model (a model id string is returned as it is)
 * @param names - the tool names to offer now
 */
export function offerOnly(model: LanguageModel, names: () => readonly string[]): LanguageModel {
  if (typeof model === 'string') return model;
  return wrapLanguageModel({
    model: model as ProviderModel,
    middleware: {
      specificationVersion: 'v3',
      transformParams: ({ params }) => {
        if (params.tools === undefined) return Promise.resolve(params);
        const offered = new Set(names());
        return Promise.resolve({ ...params, tools: params.tools.filter((t) => offered.has(t.name)) });
      },
    },
  });
}
