// The AI SDK's secureJsonParse (in provider-utils, not a direct dependency): JSON.parse, refusing `__proto__` and
// `constructor.prototype` keys, which would reach an object's prototype once the value is copied.
const suspectProto =
  /"(?:_|\\u005[Ff])(?:_|\\u005[Ff])(?:p|\\u0070)(?:r|\\u0072)(?:o|\\u006[Ff])(?:t|\\u0074)(?:o|\\u006[Ff])(?:_|\\u005[Ff])(?:_|\\u005[Ff])"\s*:/;
const suspectConstructor =
  /"(?:c|\\u0063)(?:o|\\u006[Ff])(?:n|\\u006[Ee])(?:s|\\u0073)(?:t|\\u0074)(?:r|\\u0072)(?:u|\\u0075)(?:c|\\u0063)(?:t|\\u0074)(?:o|\\u006[Ff])(?:r|\\u0072)"\s*:/;

/**
 * `JSON.parse` that throws on an object with a `__proto__` key or a `constructor` with a `prototype`, as the AI
 * SDK's `secureJsonParse` does.
 * @param text - JSON text
 */
export function secureJsonParse(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object') return value;
  if (!suspectProto.test(text) && !suspectConstructor.test(text)) return value;
  let next: object[] = [value];
  while (next.length > 0) {
    const nodes = next;
    next = [];
    for (const node of nodes) {
      if (Object.prototype.hasOwnProperty.call(node, '__proto__'))
        throw new SyntaxError('Object contains forbidden prototype property');
      const ctor = (node as { constructor?: unknown }).constructor;
      if (
        Object.prototype.hasOwnProperty.call(node, 'constructor') &&
        ctor !== null &&
        typeof ctor === 'object' &&
        Object.prototype.hasOwnProperty.call(ctor, 'prototype')
      )
        throw new SyntaxError('Object contains forbidden prototype property');
      for (const key in node) {
        const child = (node as Record<string, unknown>)[key];
        if (child && typeof child === 'object') next.push(child);
      }
    }
  }
  return value;
}
