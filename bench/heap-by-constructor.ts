/**
 * What a heap grew by, per constructor: `npx tsx bench/heap-by-constructor.ts <before.heapsnapshot>
 * <after.heapsnapshot> <runs>` prints the self size and count added per run, largest first (the snapshots of
 * `bench/snapshot-in-flight.ts`). Objects are grouped by constructor name; arrays, closures, strings, code and
 * the like by their kind.
 */
import { readFileSync } from 'node:fs';

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Self size and count by group. */
function byGroup(file: string): Map<string, { size: number; count: number }> {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [type, name, size] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const groups = new Map<string, { size: number; count: number }>();
  const { nodes, strings } = snapshot;
  for (let i = 0; i < nodes.length; i += fields.length) {
    const kind = types[nodes[i + type]!]!;
    if (kind === 'synthetic') continue;
    const key =
      kind === 'object' || kind === 'native'
        ? `${kind} ${strings[nodes[i + name]!]!.slice(0, 60)}`
        : `(${kind})`;
    const group = groups.get(key) ?? { size: 0, count: 0 };
    group.size += nodes[i + size]!;
    group.count += 1;
    groups.set(key, group);
  }
  return groups;
}

const [beforeFile, afterFile, runsText] = process.argv.slice(2);
const runs = Number(runsText);
const before = byGroup(beforeFile!);
const rows = [...byGroup(afterFile!)].map(([key, after]) => ({
  key,
  size: (after.size - (before.get(key)?.size ?? 0)) / runs,
  count: (after.count - (before.get(key)?.count ?? 0)) / runs,
}));
const total = rows.reduce((sum, r) => sum + r.size, 0);
console.log(`added per run: ${(total / 1024).toFixed(1)} KiB`);
for (const r of rows.sort((a, b) => b.size - a.size).slice(0, 20))
  console.log(
    `${(r.size / 1024).toFixed(1).padStart(7)} KiB ${r.count.toFixed(1).padStart(8)} objects  ${r.key}`,
  );
