import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '..');
/** Where the compiled files go: under `node_modules`, so that their bare imports resolve to the project's packages. */
const OUT = path.join(REPO, 'node_modules', '.cache', 'cmw-bench');

/**
 * Compiles a TypeScript entry file of the repository and the files it imports by relative path to plain
 * JavaScript (`typescript`'s `transpileModule`, one file at a time), and returns the compiled entry's path. A
 * server under test then runs on plain `node`, as `npm start` runs the server, without tsx's loader: its hooks
 * thread alone adds about 58 MiB of RSS and a round trip to that thread for every module imported later.
 * @param entry - path of the entry file, relative to the repository
 */
export async function compileForNode(entry: string): Promise<string> {
  // Loaded here, not at the top: the bench's other phases measure heaps in their own process, and TypeScript's
  // compiler is some 24 MiB of it.
  const { default: ts } = await import('typescript');
  const done = new Set<string>();
  const pending = [path.resolve(REPO, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const source = readFileSync(file, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: false,
      },
    });
    const out = path.join(OUT, path.relative(REPO, file)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, outputText);
    // Relative imports that remain after the types are erased (`import type` is dropped).
    for (const match of outputText.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)\.js'/g))
      pending.push(path.resolve(path.dirname(file), `${match[1]}.ts`));
  }
  writeFileSync(path.join(OUT, 'package.json'), '{ "type": "module" }\n');
  return path.join(OUT, path.relative(REPO, entry)).replace(/\.ts$/, '.js');
}
