import type { ToolEnv } from '../define-tool.js';
import { ToolFailure } from '../tool-failure.js';

/**
 * The conversation's file `filename` (a name or an id) and its bytes.
 * @throws ToolFailure 404 naming the files there are, when there is none of that name
 */
export async function findFile(filename: string, env: ToolEnv) {
  const files = env.ctx.files;
  const found = await files?.read(filename);
  if (found) return found;
  const names = (await files?.list())?.map((f) => f.name) ?? [];
  throw new ToolFailure(
    names.length === 0
      ? 'This conversation has no uploaded files: ask the person to attach the file.'
      : `No file "${filename}" in this conversation; it has: ${names.join(', ')}.`,
    404,
  );
}
