/** One entry of a chat-completions request's `tools` array, as the OpenAI-compatible provider builds it. */
export interface WireTool {
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

/** Tool arrays kept as bytes (the core set, the core set plus loaded groups…). */
const MAX_ARRAYS = 16;

/**
 * Sends a chat-completions request's `tools` as bytes encoded once, instead of serialising and encoding the same
 * ~90 KB of tool descriptions and schemas (much of it Cyrillic, so two bytes a character in a string) on every LLM
 * call. The request on the wire is byte for byte the one `JSON.stringify` of the body would make.
 *
 * Each tool is serialised on first sight and reused while its JSON Schema is the same object (the agent's tools
 * keep theirs for the life of the process), and the arrays last used are kept as UTF-8 bytes. {@link bodyBytes}
 * encodes the rest of the body around them into one Buffer, which undici writes with its headers in one go,
 * without converting a string.
 */
export class ToolSplice {
  readonly #byParameters = new WeakMap<object, Encoded>();
  readonly #arrays: { readonly parts: readonly Encoded[]; readonly bytes: Buffer }[] = [];

  /**
   * A request body as UTF-8 bytes, byte for byte `JSON.stringify(body)`, with a non-empty `tools` array copied in
   * from {@link toolsBytes}.
   * @param body - the body; its top-level keys are written in their order, as `JSON.stringify` writes them
   */
  bodyBytes(body: Readonly<Record<string, unknown>>): Buffer {
    const tools = body.tools;
    if (!Array.isArray(tools) || tools.length === 0) return Buffer.from(JSON.stringify(body), 'utf8');
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    let seen = false;
    for (const key of Object.keys(body)) {
      if (key === 'tools') seen = true;
      else Object.defineProperty(seen ? after : before, key, { value: body[key], enumerable: true });
    }
    const head = JSON.stringify(before);
    const tail = JSON.stringify(after);
    const prefix = head.length > 2 ? `${head.slice(0, -1)},"tools":` : '{"tools":';
    const suffix = tail.length > 2 ? `,${tail.slice(1)}` : '}';
    const array = this.toolsBytes(tools as WireTool[]);
    const bytes = Buffer.allocUnsafe(Buffer.byteLength(prefix) + array.length + Buffer.byteLength(suffix));
    let at = bytes.write(prefix, 0, 'utf8');
    at += array.copy(bytes, at);
    bytes.write(suffix, at, 'utf8');
    return bytes;
  }

  /**
   * A `tools` array as UTF-8 bytes, as `JSON.stringify` writes it: the last few arrays are kept by their tools'
   * encodings, so a run's calls (and every run offering the same tools) reuse the same bytes.
   * @param tools - the wire tools (`{type: 'function', function: {name, description, parameters, strict?}}`)
   */
  toolsBytes(tools: readonly WireTool[]): Buffer {
    return this.#arrayBytes(tools);
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
