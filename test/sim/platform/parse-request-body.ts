/**
 * Parses a request body the way the platform receives the clients' bodies (platform-api.md §1.3): JSON of any
 * kind (object, array, string, number, literal `null`), or — when the text is not JSON — the trimmed text
 * itself, which is how the bare unquoted ids of `GetAxioms` and `ProcessAppService/Get` arrive
 * (`oa.193` sent with `Content-Type: application/json`). An empty body gives undefined.
 */
export function parseRequestBody(text: string): unknown {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return trimmed;
  }
}
