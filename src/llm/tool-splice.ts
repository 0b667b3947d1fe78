import { randomBytes } from 'node:crypto';

/** One entry of a chat-completions request's `tools` array, as the OpenAI-compatible provider builds it. */
interface WireTool {
  readonly type?: unknown;
  readonly function?: {
    readonly name?: unknown;
    readonly description?: unknown;
    readonly parameters?: unknown;
    readonly strict?: unknown;
  };
}

interface Encoded {
  readonly name: unknown;
  readonly description: unknown;
  readonly strict: unknown;
  readonly type: unknown;
  readonly keys: number;
  /** The tool's JSON, as JSON.stringify writes it inside the array. */
  readonly text: string;
}

/** A call's tools between `transformRequestBody` and `fetch` are found by this marker; a process-wide random prefix. */
const MARKER_PREFIX = `__cmw_tools_${randomBytes(8).toString('hex')}_`;
/** Tool arrays kept as bytes (the core set, the core set plus loaded groups…). */
const MAX_ARRAYS = 16;
/** Tools parked for calls whose fetch never came (a failure in between) are dropped beyond this many. */
const MAX_PARKED = 1024;

/**
 * Sends a chat-completions request's `tools` as bytes encoded once, instead of serialising and encoding the same
 * ~90 KB of tool descriptions and schemas (much of it Cyrillic, so two bytes a character in a string) on every LLM
 * call. The request on the wire is byte for byte the one the provider would send.
 *
 * `transformRequestBody` (the OpenAI-compatible provider's hook) replaces the `tools` array with a marker and
 * parks the array's bytes: each tool is serialised on first sight and reused while its JSON Schema is the same
 * object (the agent's tools keep theirs for the life of the process), and the arrays last used are kept as UTF-8
 * bytes. {@link fetch} puts the bytes back where the marker is and sends the body as one Buffer, which undici
 * writes with its headers in one go, without converting a string.
 */
export class ToolSplice {
  readonly #byParameters = new WeakMap<object, Encoded>();
  readonly #parked = new Map<string, Buffer>();
  readonly #arrays: { readonly parts: readonly Encoded[]; readonly bytes: Buffer }[] = [];
  #next = 0;

  /** The provider's `transformRequestBody`: parks `tools`, leaving a marker in its place. */
  readonly transformRequestBody = (args: Record<string, unknown>): Record<string, unknown> => {
    const tools = args.tools;
    if (!Array.isArray(tools) || tools.length === 0) return args;
    const marker = `${MARKER_PREFIX}${(this.#next++).toString(36)}`;
    if (this.#parked.size >= MAX_PARKED) this.#parked.delete(this.#parked.keys().next().value!);
    this.#parked.set(marker, this.#arrayBytes(tools as WireTool[]));
    return { ...args, tools: marker };
  };

  /**
   * Wraps a `fetch`: a string body with a parked marker goes out as bytes with the tools' bytes in its place;
   * every other request passes unchanged.
   * @param inner - the fetch to call
   */
  fetch(inner: typeof globalThis.fetch): typeof globalThis.fetch {
    return (input, init) => {
      const body = init?.body;
      if (typeof body !== 'string') return inner(input, init);
      const at = body.indexOf(MARKER_PREFIX);
      if (at < 1 || body[at - 1] !== '"') return inner(input, init);
      const end = body.indexOf('"', at);
      const marker = body.slice(at, end);
      const tools = end < 0 ? undefined : this.#parked.get(marker);
      if (!tools) return inner(input, init);
      this.#parked.delete(marker);
      const bytes = Buffer.concat([
        Buffer.from(body.slice(0, at - 1), 'utf8'),
        tools,
        Buffer.from(body.slice(end + 1), 'utf8'),
      ]);
      return inner(input, { ...init, body: bytes });
    };
  }

  /**
   * The whole array as UTF-8 bytes: the last few arrays are kept by their tools' encodings, so a run's calls (and
   * every run offering the same tools) reuse the same bytes, copied once into the request body.
   */
  #arrayBytes(tools: readonly WireTool[]): Buffer {
    const parts = tools.map((t) => this.#encode(t));
    const same = this.#arrays.find(
      (a) => a.parts.length === parts.length && a.parts.every((p, i) => p === parts[i]),
    );
    if (same) return same.bytes;
    const bytes = Buffer.from(`[${parts.map((p) => p.text).join(',')}]`, 'utf8');
    this.#arrays.unshift({ parts, bytes });
    if (this.#arrays.length > MAX_ARRAYS) this.#arrays.pop();
    return bytes;
  }

  #encode(tool: WireTool): Encoded {
    const fn = tool.function;
    const parameters = fn?.parameters;
    if (typeof parameters !== 'object' || parameters === null) return this.#uncached(tool);
    const known = this.#byParameters.get(parameters);
    if (
      known &&
      known.type === tool.type &&
      known.name === fn!.name &&
      known.description === fn!.description &&
      known.strict === fn!.strict &&
      known.keys === Object.keys(fn!).length
    )
      return known;
    const encoded: Encoded = {
      type: tool.type,
      name: fn!.name,
      description: fn!.description,
      strict: fn!.strict,
      keys: Object.keys(fn!).length,
      text: JSON.stringify(tool),
    };
    this.#byParameters.set(parameters, encoded);
    return encoded;
  }

  /** A tool without a schema object: encoded for this call only (a fresh object never matches a kept array). */
  #uncached(tool: WireTool): Encoded {
    return {
      type: tool.type,
      name: undefined,
      description: undefined,
      strict: undefined,
      keys: 0,
      text: JSON.stringify(tool),
    };
  }
}
