import { GRADIO_ENDPOINTS, GRADIO_OUTPUT, GRADIO_PARAMETERS } from './gradio-endpoints.js';

/**
 * The Gradio version the config claims. The Python client parses it and needs it above 3.36.1 (else it asks a
 * Hugging Face service for the API info); 5.x means API routes under `/gradio_api` and protocol `sse_v3`.
 */
export const GRADIO_VERSION = '5.49.1';
/** Where the queue protocol's routes live, as in Gradio 5+. */
export const GRADIO_API_PREFIX = '/gradio_api';

const STRING_TYPE = { type: 'string' } as const;
const PYTHON_STR = { type: 'str', description: '' } as const;
/** Component ids: the inputs are 1…5 in parameter order, the answer is 6 (0 would read as "no id" to JS). */
const inputId = (index: number) => index + 1;
const OUTPUT_ID = GRADIO_PARAMETERS.length + 1;

function textbox(id: number, label: string, info: string) {
  return {
    id,
    type: 'textbox',
    props: { label, name: 'textbox', value: '', info, show_label: true, visible: true },
    skip_api: false,
    component_class_id: 'textbox',
    key: null,
    api_info: STRING_TYPE,
    api_info_as_input: STRING_TYPE,
    api_info_as_output: STRING_TYPE,
    example_inputs: 'Hello!!',
  };
}

/**
 * `GET /config`: the Blocks config both official clients read first. It describes six textboxes and two
 * queued dependencies, `ask` (fn_index 0) and `ask_stream` (fn_index 1, a generator).
 *
 * `root` is left out on purpose: the JS client then sends every later request to the URL it was given, which
 * stays right behind proxies and path prefixes (a root computed from `Host` would not); Python ignores it.
 * `connect_heartbeat` is false because the endpoints keep no per-connection state (the JS client then opens no
 * heartbeat stream; Python always does, and the route exists for it).
 */
export function buildGradioConfig() {
  return {
    version: GRADIO_VERSION,
    api_prefix: GRADIO_API_PREFIX,
    mode: 'blocks',
    app_id: 0,
    dev_mode: false,
    analytics_enabled: false,
    title: 'CMW Platform Agent',
    description: 'An AI copilot for the Comindware Platform.',
    protocol: 'sse_v3',
    enable_queue: true,
    connect_heartbeat: false,
    show_error: true,
    show_api: true,
    is_colab: false,
    is_space: false,
    space_id: null,
    max_file_size: null,
    stylesheets: [],
    theme: 'default',
    fill_height: false,
    fill_width: false,
    components: [
      ...GRADIO_PARAMETERS.map((p, i) => textbox(inputId(i), p.name, p.description)),
      textbox(OUTPUT_ID, GRADIO_OUTPUT.name, GRADIO_OUTPUT.description),
    ],
    dependencies: GRADIO_ENDPOINTS.map((e) => ({
      id: e.fnIndex,
      targets: [],
      inputs: GRADIO_PARAMETERS.map((_, i) => inputId(i)),
      outputs: [OUTPUT_ID],
      backend_fn: true,
      js: null,
      queue: true,
      api_name: e.apiName,
      api_description: e.description,
      scroll_to_output: false,
      show_progress: 'full',
      batch: false,
      max_batch_size: 4,
      cancels: [],
      types: { generator: e.generator, cancel: false },
      collects_event_data: false,
      trigger_after: null,
      trigger_only_on_success: false,
      trigger_only_on_failure: false,
      trigger_mode: 'multiple',
      show_api: true,
      connection: 'sse',
      time_limit: null,
      stream_every: 0.5,
    })),
    layout: {
      id: 0,
      children: [...GRADIO_PARAMETERS.map((_, i) => ({ id: inputId(i) })), { id: OUTPUT_ID }],
    },
  };
}

/**
 * `GET /gradio_api/info`: the endpoints with their keyword parameters. `question` is required; the others have
 * the default `""`, so `predict("/ask", { question })` works in both clients and sends `""` for the rest.
 */
export function buildApiInfo() {
  const parameters = GRADIO_PARAMETERS.map((p) => ({
    label: p.name,
    parameter_name: p.name,
    parameter_has_default: p.optional,
    parameter_default: p.optional ? '' : null,
    type: STRING_TYPE,
    python_type: PYTHON_STR,
    component: 'Textbox',
    example_input: p.example,
  }));
  const returns = [
    { label: GRADIO_OUTPUT.name, type: STRING_TYPE, python_type: PYTHON_STR, component: 'Textbox' },
  ];
  return {
    named_endpoints: Object.fromEntries(
      GRADIO_ENDPOINTS.map((e) => [
        `/${e.apiName}`,
        { parameters, returns, show_api: true, description: e.description },
      ]),
    ),
    unnamed_endpoints: {},
  };
}
