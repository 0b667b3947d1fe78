/** One input of the Gradio endpoints, in positional order. */
export interface GradioParameter {
  /** Keyword name the clients accept (`predict("/ask", { question })`). */
  readonly name: string;
  /** Whether the clients may leave it out; they then send `""`. */
  readonly optional: boolean;
  /** What it means, for `view_api()` and the generated docs. */
  readonly description: string;
  /** Example value shown by the clients' API pages. */
  readonly example: string;
}

/** An endpoint of the Gradio queue protocol. */
export interface GradioEndpoint {
  /** Gradio's `fn_index`: the dependency id in `/config`. */
  readonly fnIndex: number;
  /** The API name without the leading slash (`ask`). */
  readonly apiName: 'ask' | 'ask_stream';
  /** Whether it is a generator that yields the cumulative answer (`process_generating` messages). */
  readonly generator: boolean;
  readonly description: string;
}

/** The five string inputs of both endpoints, as the original had them: `data[0..4]`. */
export const GRADIO_PARAMETERS: readonly GradioParameter[] = [
  {
    name: 'question',
    optional: false,
    description: 'The question for the agent.',
    example: 'What can you do?',
  },
  {
    name: 'username',
    optional: true,
    description: 'Comindware Platform login for this question (empty: the server default).',
    example: '',
  },
  {
    name: 'password',
    optional: true,
    description: 'Comindware Platform password for this question (empty: the server default).',
    example: '',
  },
  {
    name: 'base_url',
    optional: true,
    description: 'Comindware Platform URL for this question (empty: the server default).',
    example: '',
  },
  {
    name: 'session_id',
    optional: true,
    description: 'Conversation id; empty means the client session (its session_hash).',
    example: '',
  },
];

/** The output component: the answer text. */
export const GRADIO_OUTPUT = { name: 'answer', description: 'The assistant answer.' } as const;

/** `/ask` (one final string) and `/ask_stream` (a generator of the cumulative string). */
export const GRADIO_ENDPOINTS: readonly GradioEndpoint[] = [
  { fnIndex: 0, apiName: 'ask', generator: false, description: 'Ask the agent and get the whole answer.' },
  {
    fnIndex: 1,
    apiName: 'ask_stream',
    generator: true,
    description: 'Ask the agent and stream the answer: every value is the whole answer so far.',
  },
];

/** The endpoint with this `fn_index`, if any. */
export function endpointByFnIndex(fnIndex: number): GradioEndpoint | undefined {
  return GRADIO_ENDPOINTS.find((e) => e.fnIndex === fnIndex);
}
