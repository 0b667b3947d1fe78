/**
 * Prints figure 8's table rows from a saved result of the efficiency phase (for BENCHMARKS.md):
 * `node --expose-gc --import tsx bench/run.ts --phase=efficiency > eff.json; npx tsx bench/print-efficiency.ts eff.json`.
 */
import { readFileSync } from 'node:fs';
import { markdownTable } from './markdown-table.js';
import type { EfficiencyResult } from './measure-efficiency.js';
import { efficiencyRows } from './results-table.js';

const result = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as EfficiencyResult;
console.log(markdownTable(['Figure', 'Result', 'Target'], efficiencyRows(result)));
