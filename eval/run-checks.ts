import type { PlatformRequest, PlatformState } from '../test/sim/platform/platform-simulator.js';
import type { EvalCheck } from './eval-task.js';
import { platformSnapshot } from './platform-snapshot.js';

/** What a task run left behind: what the checks read. */
export interface TaskOutcome {
  /** The answer of the last turn. */
  readonly answer: string;
  /** The platform simulator's state after the last turn. */
  readonly state: PlatformState;
  /** {@link platformSnapshot} of the state before the first turn (after the task's setup). */
  readonly before: string;
  /** The platform requests made during the turns (the setup's excluded). */
  readonly requests: readonly PlatformRequest[];
}

/** The verdict of one check. */
export interface CheckResult {
  /** The check as the task file states it. */
  readonly check: EvalCheck;
  readonly pass: boolean;
  /** What was found, when the check failed. */
  readonly detail?: string;
}

/** Case-insensitive, ё as е, any run of white space as one space: how answers are compared. */
export function normalizeText(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

function locate(state: PlatformState, app: string, template: string) {
  const solution = state.solutionByAlias(app);
  const found = solution ? state.templateByAlias(solution.id, template) : undefined;
  return { solution, template: found };
}

function localized(name: unknown): string[] {
  if (typeof name === 'string') return [name];
  if (typeof name === 'object' && name !== null)
    return Object.values(name).filter((v): v is string => typeof v === 'string');
  return [];
}

/** The field components of a form model (anywhere in its layout tree), by attribute alias. */
function formFields(node: unknown, into = new Map<string, Record<string, unknown>>()) {
  if (Array.isArray(node)) for (const child of node) formFields(child, into);
  else if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>;
    const path = record.propertyPath;
    if (record.type === 'FieldComponent' && Array.isArray(path)) {
      const alias = (path.at(-1) as { alias?: unknown } | undefined)?.alias;
      if (typeof alias === 'string') into.set(alias, record);
    }
    for (const value of Object.values(record)) formFields(value, into);
  }
  return into;
}

function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'string' && typeof actual === 'string')
    return normalizeText(actual) === normalizeText(expected);
  if (typeof expected === 'number') return Number(actual) === expected;
  return JSON.stringify(actual) === JSON.stringify(expected);
}

function matches(request: PlatformRequest, filter: { method?: string; pathIncludes?: string }): boolean {
  return (
    (filter.method === undefined || request.method === filter.method.toUpperCase()) &&
    (filter.pathIncludes === undefined ||
      request.decodedPath.toLowerCase().includes(filter.pathIncludes.toLowerCase()))
  );
}

type Verdict = true | string;

function judge(check: EvalCheck, outcome: TaskOutcome): Verdict {
  const answer = normalizeText(outcome.answer);
  const { state } = outcome;
  if ('answerIncludes' in check) {
    const missing = check.answerIncludes.filter((s) => !answer.includes(normalizeText(s)));
    return missing.length === 0 || `the answer lacks ${JSON.stringify(missing)}`;
  }
  if ('answerIncludesAny' in check)
    return (
      check.answerIncludesAny.some((s) => answer.includes(normalizeText(s))) || 'the answer has none of them'
    );
  if ('answerExcludes' in check) {
    const found = check.answerExcludes.filter((s) => answer.includes(normalizeText(s)));
    return found.length === 0 || `the answer says ${JSON.stringify(found)}`;
  }
  if ('applicationExists' in check) {
    const { app, exists = true } = check.applicationExists;
    return (state.solutionByAlias(app) !== undefined) === exists || `application ${app} exists: ${!exists}`;
  }
  if ('templateExists' in check) {
    const { app, template: alias, kind, name, exists = true } = check.templateExists;
    const { template } = locate(state, app, alias);
    if (!exists) return template === undefined || `template ${app}.${alias} exists`;
    if (!template) return `no template ${app}.${alias}`;
    if (kind !== undefined && template.kind !== kind) return `its kind is ${template.kind}`;
    if (name !== undefined && !localized(template.model.name).some((n) => sameValue(n, name)))
      return `its name is ${JSON.stringify(template.model.name)}`;
    return true;
  }
  if ('attributeExists' in check) {
    const c = check.attributeExists;
    const { template } = locate(state, c.app, c.template);
    const attribute = template && state.childByAlias(state.attributes, template.id, c.alias);
    if (c.exists === false) return attribute === undefined || `attribute ${c.alias} exists`;
    if (!attribute) return `no attribute ${c.app}.${c.template}.${c.alias}`;
    const m = attribute.model;
    if (c.type !== undefined && m.type !== c.type) return `its type is ${String(m.type)}`;
    const formats = c.format === undefined ? undefined : [c.format].flat();
    if (formats !== undefined && !formats.includes(String(m.format)))
      return `its format is ${String(m.format)}`;
    if (c.name !== undefined && !localized(m.name).some((n) => sameValue(n, c.name)))
      return `its name is ${JSON.stringify(m.name)}`;
    if (c.decimalPlaces !== undefined && m.decimalPlaces !== c.decimalPlaces)
      return `its decimal places are ${String(m.decimalPlaces)}`;
    if (c.linksTo !== undefined) {
      const target = (m.instanceGlobalAlias as { alias?: unknown } | undefined)?.alias;
      if (target !== c.linksTo) return `it links to ${String(target)}`;
    }
    if (c.variants !== undefined) {
      const have = ((m.variants as { alias?: { alias?: string } }[] | undefined) ?? []).map((v) =>
        normalizeText(v.alias?.alias ?? ''),
      );
      const missing = c.variants.filter((v) => !have.includes(normalizeText(v)));
      if (missing.length > 0)
        return `its values lack ${JSON.stringify(missing)} (has ${JSON.stringify(have)})`;
    }
    if (c.archived !== undefined && (m.isDisabled === true) !== c.archived)
      return `it is ${m.isDisabled === true ? '' : 'not '}archived`;
    return true;
  }
  if ('formHasField' in check) {
    const c = check.formHasField;
    const { template } = locate(state, c.app, c.template);
    const form = template && state.childByAlias(state.forms, template.id, c.form ?? 'defaultForm');
    if (!form) return `no form ${c.form ?? 'defaultForm'} on ${c.app}.${c.template}`;
    const field = formFields(form.model.root).get(c.attribute);
    if (c.present === false) return field === undefined || `${c.attribute} is on the form`;
    if (!field) return `${c.attribute} is not on the form`;
    if (c.accessType !== undefined && field.accessType !== c.accessType)
      return `its access type is ${String(field.accessType)}`;
    return true;
  }
  if ('recordCount' in check) {
    const c = check.recordCount;
    const { template } = locate(state, c.app, c.template);
    if (!template) return `no template ${c.app}.${c.template}`;
    const count = [...state.records.values()].filter((r) => r.templateId === template.id).length;
    return count === c.count || `${count} records`;
  }
  if ('recordExists' in check) {
    const c = check.recordExists;
    const { template } = locate(state, c.app, c.template);
    const found =
      template !== undefined &&
      [...state.records.values()].some(
        (r) =>
          r.templateId === template.id &&
          Object.entries(c.values).every(([alias, value]) => sameValue(r.values.get(alias), value)),
      );
    return found === (c.exists ?? true) || (found ? 'such a record exists' : 'no such record');
  }
  if ('unchanged' in check) return platformSnapshot(state) === outcome.before || 'the platform changed';
  if ('noRequests' in check) {
    const hit = outcome.requests.find((r) => matches(r, check.noRequests));
    return hit === undefined || `${hit.method} ${hit.decodedPath} was requested`;
  }
  const hit = outcome.requests.some((r) => matches(r, check.requested) && (r.status ?? 500) < 400);
  return hit || 'no such successful request';
}

/**
 * Runs a task's checks over what its run left behind. A task passes when every check passes.
 * @param checks - the task's checks
 * @param outcome - the answer, the platform's state and requests
 */
export function runChecks(checks: readonly EvalCheck[], outcome: TaskOutcome): CheckResult[] {
  return checks.map((check) => {
    const verdict = judge(check, outcome);
    return verdict === true ? { check, pass: true } : { check, pass: false, detail: verdict };
  });
}
