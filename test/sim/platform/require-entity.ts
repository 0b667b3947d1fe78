import type {
  PlatformState,
  SolutionEntity,
  TemplateChildEntity,
  TemplateEntity,
  TemplateKind,
} from './platform-state.js';
import { WebApiFailure } from './web-api-failure.js';

/** A path global alias `{Type}@{owner}.{alias}` (split at the first `.` after `@`). */
export interface PathGlobalAlias {
  type: string;
  owner: string;
  alias: string;
}

/** Parses `Template@HR.Employees` / `Attribute@Employees.Phone`; throws success:false when malformed. */
export function parsePathGlobalAlias(segment: string, expectedTypes: readonly string[]): PathGlobalAlias {
  const match = /^([^@]+)@([^.]*)\.(.*)$/s.exec(segment);
  const type = match?.[1];
  const owner = match?.[2];
  const alias = match?.[3];
  if (type === undefined || owner === undefined || alias === undefined || owner === '' || alias === '')
    throw WebApiFailure.invalid(`Invalid global alias: ${segment}`);
  if (!expectedTypes.some((expected) => expected.toLowerCase() === type.toLowerCase()))
    throw WebApiFailure.invalid(
      `Invalid global alias type ${type} in ${segment}; expected ${expectedTypes.join(' or ')}`,
    );
  return { type, owner, alias };
}

const ALIAS_PATTERN = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/**
 * Checks a system name: letters (any script), digits and `_`, not starting with a digit, ≤ 128 characters
 * (no spaces or dots were ever observed, platform-api.md §4). Throws `Alias X is invalid` otherwise.
 */
export function requireValidAlias(alias: unknown): string {
  const text = typeof alias === 'string' ? alias : '';
  if (!ALIAS_PATTERN.test(text) || text.length > 128) throw WebApiFailure.invalidAlias(text);
  return text;
}

/** The application by alias, or `Cannot get id for solution by solution alias: X`. */
export function requireSolution(state: PlatformState, alias: string): SolutionEntity {
  const solution = state.solutionByAlias(alias);
  if (!solution) throw WebApiFailure.unknownSolution(alias);
  return solution;
}

/** The template of the application (any kind unless given), or success:false. */
export function requireTemplate(
  state: PlatformState,
  solution: SolutionEntity,
  alias: string,
  kind?: TemplateKind,
): TemplateEntity {
  const template = state.templateByAlias(solution.id, alias);
  if (!template || (kind !== undefined && template.kind !== kind))
    throw WebApiFailure.notFound(`Template@${solution.alias}.${alias}`);
  return template;
}

/** Resolves a `Template@{app}.{tpl}` path segment. */
export function requireTemplateByPath(
  state: PlatformState,
  segment: string,
): { solution: SolutionEntity; template: TemplateEntity } {
  const parsed = parsePathGlobalAlias(segment, [
    'Template',
    'RecordTemplate',
    'ProcessTemplate',
    'AccountTemplate',
  ]);
  const solution = requireSolution(state, parsed.owner);
  return { solution, template: requireTemplate(state, solution, parsed.alias) };
}

/** Resolves `{app}` + `{Type}@{tpl}.{alias}` to the template-owned entity. */
export function requireChildByPath<T extends TemplateChildEntity>(
  state: PlatformState,
  collection: Map<string, T>,
  solutionAlias: string,
  segment: string,
  typeName: string,
): { solution: SolutionEntity; template: TemplateEntity; child: T } {
  const parsed = parsePathGlobalAlias(segment, [typeName]);
  const solution = requireSolution(state, solutionAlias);
  const template = requireTemplate(state, solution, parsed.owner);
  const child = state.childByAlias(collection, template.id, parsed.alias);
  if (!child) throw WebApiFailure.notFound(`${typeName}@${parsed.owner}.${parsed.alias}`);
  return { solution, template, child };
}

/** The template's global alias type on the wire: `RecordTemplate`, `ProcessTemplate` or `AccountTemplate`. */
export function templateGlobalAliasType(template: TemplateEntity): string {
  return `${template.kind}Template`;
}
