import { parseArgs } from 'node:util';

/** What `npm run eval -- …` asks for. */
export interface EvalArgs {
  /** Real models, `provider:model` each. */
  readonly models: string[];
  readonly oracle: boolean;
  readonly cautious: boolean;
  readonly wrong: boolean;
  readonly echo: boolean;
  readonly repeat: number;
  readonly concurrency: number;
  /** Task ids to run; empty for all. */
  readonly tasks: string[];
  /** The JSON report's path; undefined for `eval/results/<timestamp>.json`. */
  readonly report: string | undefined;
  readonly baseline: string | undefined;
  readonly turnTimeoutS: number;
  readonly help: boolean;
}

/** The usage text of `npm run eval`. */
export const USAGE = `Usage: npm run eval -- [options]

  --model provider:model  a model to measure (repeatable, or comma-separated), e.g. openrouter:qwen/qwen3.6-plus;
                          reached through the server's provider settings (OPENROUTER_API_KEY, …, or .env)
  --oracle                play every task's oracle plan on the LLM simulator (no key): every task must pass
  --cautious              the oracle plans, asking the person to confirm before each change: every task must pass
  --wrong                 play every task's wrong plan: every task must fail
  --echo                  a model that answers the question back and calls no tool: must pass nothing
  --repeat N              runs of each task per model (default 1); pass^k is reported for k = N
  --concurrency N         task runs in flight at once (default 4)
  --tasks id,id           run only these tasks
  --report FILE           the JSON report (default eval/results/<timestamp>.json); the Markdown goes beside it
  --baseline FILE         compare pass rates per model with an earlier JSON report
  --turn-timeout S        longest wait for one turn (default 300)
`;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1, not "${value}"`);
  return n;
}

const list = (values: readonly string[] | undefined): string[] =>
  (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');

/**
 * Parses the command line of `npm run eval`.
 * @param argv - the arguments after the script's name
 * @throws Error with a message for the person when an option is wrong
 */
export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      model: { type: 'string', multiple: true },
      oracle: { type: 'boolean', default: false },
      cautious: { type: 'boolean', default: false },
      wrong: { type: 'boolean', default: false },
      echo: { type: 'boolean', default: false },
      repeat: { type: 'string' },
      concurrency: { type: 'string' },
      tasks: { type: 'string', multiple: true },
      report: { type: 'string' },
      baseline: { type: 'string' },
      'turn-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    models: list(values.model),
    oracle: values.oracle,
    cautious: values.cautious,
    wrong: values.wrong,
    echo: values.echo,
    repeat: positive('repeat', values.repeat, 1),
    concurrency: positive('concurrency', values.concurrency, 4),
    tasks: list(values.tasks),
    report: values.report,
    baseline: values.baseline,
    turnTimeoutS: positive('turn-timeout', values['turn-timeout'], 300),
    help: values.help,
  };
}
