import { z } from 'zod';

const text = z.string().min(1);
const texts = z.array(text).min(1);

/** One scripted LLM reply of a plan: tool calls (then the next reply answers their results) or the final text. */
const planStep = z.strictObject({
  text: z.string().optional(),
  toolCalls: z
    .array(z.strictObject({ name: text, arguments: z.record(z.string(), z.unknown()) }))
    .min(1)
    .optional(),
});

/** A plan: for each user turn, the replies the simulated model gives in order; the last one of a turn is text. */
const plan = z.strictObject({
  /** Why the plan is what it is (the wrong plan: what it does wrong). */
  note: z.string().optional(),
  turns: z.array(z.array(planStep).min(1)).min(1),
});

const where = { app: text, template: text };

/**
 * The checker vocabulary: each check is an object with exactly one of these keys. Answer checks read the last
 * turn's answer, compared case-insensitively with ё read as е and runs of spaces as one; state checks read the
 * platform simulator after the last turn; request checks read the requests it received during the turns.
 */
const check = z.union([
  z.strictObject({ answerIncludes: texts }),
  z.strictObject({ answerIncludesAny: texts }),
  z.strictObject({ answerExcludes: texts }),
  z.strictObject({ applicationExists: z.strictObject({ app: text, exists: z.boolean().optional() }) }),
  z.strictObject({
    templateExists: z.strictObject({
      ...where,
      kind: z.enum(['Record', 'Process', 'Account']).optional(),
      name: z.string().optional(),
      exists: z.boolean().optional(),
    }),
  }),
  z.strictObject({
    attributeExists: z.strictObject({
      ...where,
      alias: text,
      type: z.string().optional(),
      /** The display format, or any of several. */
      format: z.union([text, texts]).optional(),
      name: z.string().optional(),
      decimalPlaces: z.number().int().optional(),
      linksTo: z.string().optional(),
      variants: texts.optional(),
      archived: z.boolean().optional(),
      exists: z.boolean().optional(),
    }),
  }),
  z.strictObject({
    formHasField: z.strictObject({
      ...where,
      form: text.optional(),
      attribute: text,
      accessType: z.string().optional(),
      present: z.boolean().optional(),
    }),
  }),
  z.strictObject({ recordCount: z.strictObject({ ...where, count: z.number().int().min(0) }) }),
  z.strictObject({
    recordExists: z.strictObject({
      ...where,
      values: z.record(z.string(), z.unknown()),
      exists: z.boolean().optional(),
    }),
  }),
  z.strictObject({ unchanged: z.literal(true) }),
  z.strictObject({
    noRequests: z.strictObject({ method: z.string().optional(), pathIncludes: z.string().optional() }),
  }),
  z.strictObject({
    requested: z.strictObject({ method: z.string().optional(), pathIncludes: z.string().optional() }),
  }),
]);

/** A raw platform request made before the task's first turn (to shape its starting state). */
const setupRequest = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
  path: z.string().startsWith('/'),
  body: z.unknown().optional(),
});

/** The schema of a task file, `eval/tasks/<id>.json`. */
export const evalTaskSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  lang: z.enum(['ru', 'en']),
  kind: z.enum(['read', 'change', 'trap']),
  /** What the task measures, in a sentence. */
  title: text,
  /** The person's messages, in order, one run each in the same conversation. */
  turns: texts,
  platform: z
    .strictObject({
      /** Start from the seed (HR and Fleet); default true. */
      seed: z.boolean().optional(),
      /** Web API requests made (as the analyst) before the first turn; each must succeed. */
      setup: z.array(setupRequest).optional(),
      /** The password the agent is given; default the analyst's real one (a trap gives a wrong one). */
      password: z.string().optional(),
    })
    .optional(),
  /**
   * The calls the simulated person approves when the server holds them (AGENT_APPROVAL=destructive): a held
   * call is approved when its tool is `tool` and its input holds every field of `input`; any other is denied.
   */
  approve: z.array(z.strictObject({ tool: text, input: z.record(z.string(), z.unknown()) })).optional(),
  /**
   * What the simulated person replies when, after the last turn, the model asks to confirm a change instead of
   * making it (at most twice): "Да, выполняй." to go ahead, "No, leave it." to refuse. Without it the person
   * does not reply (traps where the model must not go on by itself).
   */
  confirmReply: text.optional(),
  checks: z.array(check).min(1),
  oracle: plan,
  wrong: plan.extend({ note: text }),
});

/** A task of the suite, as its file gives it. */
export type EvalTask = z.infer<typeof evalTaskSchema>;
/** One check of a task. */
export type EvalCheck = z.infer<typeof check>;
/** One scripted reply of a plan. */
export type PlanStep = z.infer<typeof planStep>;
/** A scripted plan: replies per turn. */
export type Plan = z.infer<typeof plan>;
