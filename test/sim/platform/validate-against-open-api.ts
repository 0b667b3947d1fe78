import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema } from './clean-swagger-schema.js';
import {
  loadOpenApi,
  OVERLAY_DOCUMENT_ID,
  type OpenApiOperation,
  type OpenApiSpecs,
} from './load-open-api.js';
import { matchTemplate } from './match-route.js';
import { normalizeForBinding } from './normalize-for-binding.js';
import { normalizeRequestPath } from './normalize-request-path.js';

/** How {@link validateAgainstOpenApi} reads the bodies. */
export interface OpenApiValidationOptions {
  /**
   * Validate the request body as the platform binds it — property names and enum values case-insensitive
   * (default true). False validates the JSON exactly as written.
   */
  binding?: boolean;
  /** Fill the documented spec gaps the tools rely on (`TimeTracker`, extra file formats, dataset `totals`; default true). */
  overlay?: boolean;
}

/** The outcome of {@link validateAgainstOpenApi}. */
export interface OpenApiValidationResult {
  /** True when the operation exists and every given body conforms. */
  valid: boolean;
  /** Human-readable problems (`request body /globalAlias/type must be equal to one of the allowed values …`). */
  errors: string[];
  /** The matched operation (its `key` is `METHOD template`; `operationId` may be shared, see `duplicateOperationIds`). */
  operation?: OpenApiOperation;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

interface Validators {
  specs: OpenApiSpecs;
  ajv: Ajv;
  compiled: Map<string, ValidateFunction>;
}

let validators: Validators | undefined;

function createValidators(): Validators {
  const specs = loadOpenApi();
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  const int = (min: number, max: number) => ({
    type: 'number' as const,
    validate: (value: number) => Number.isInteger(value) && value >= min && value <= max,
  });
  ajv.addFormat('int32', int(-2147483648, 2147483647));
  ajv.addFormat('int64', int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('guid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat('duration', true);
  ajv.addSchema({ $id: 'web_api_v1.json', definitions: specs.definitions['web_api_v1.json'] });
  ajv.addSchema({ $id: 'system_core_api.json', definitions: specs.definitions['system_core_api.json'] });
  ajv.addSchema({ $id: OVERLAY_DOCUMENT_ID, definitions: specs.overlaidWebDefinitions });
  return { specs, ajv, compiled: new Map() };
}

function getValidators(): Validators {
  validators ??= createValidators();
  return validators;
}

function compile(state: Validators, cacheKey: string, schema: JsonSchema): ValidateFunction {
  let validate = state.compiled.get(cacheKey);
  if (!validate) {
    validate = state.ajv.compile(schema);
    state.compiled.set(cacheKey, validate);
  }
  return validate;
}

function resolver(state: Validators): (ref: string) => JsonSchema | undefined {
  return (ref) => {
    const [documentId, pointer] = ref.split('#/definitions/');
    if (pointer === undefined) return undefined;
    if (documentId === OVERLAY_DOCUMENT_ID) return state.specs.overlaidWebDefinitions[pointer];
    if (documentId === 'web_api_v1.json' || documentId === 'system_core_api.json')
      return state.specs.definitions[documentId][pointer];
    return undefined;
  };
}

/** Formats Ajv errors, dropping the noise of the "or null" branches every property carries. */
export function formatAjvErrors(where: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  const relevant = (errors ?? []).filter(
    (error) =>
      error.keyword !== 'anyOf' &&
      !(error.keyword === 'type' && (error.params as { type?: unknown }).type === 'null'),
  );
  const list = relevant.length > 0 ? relevant : (errors ?? []);
  return [
    ...new Set(
      list.map((error) => {
        const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
        const suffix = allowed
          ? ` (${allowed.length > 8 ? `${allowed.slice(0, 8).join(', ')}, …` : allowed.join(', ')})`
          : '';
        return `${where} ${error.instancePath || '(root)'} ${error.message ?? error.keyword}${suffix}`;
      }),
    ),
  ];
}

/**
 * Finds the OpenAPI operation of a request. The path may be a full URL path with query, repeated slashes and
 * percent-encoding (it is normalized as the simulator does). Literal segments compare case-insensitively and
 * the most literal template wins. Returns the operation, or the methods the path is declared with.
 */
export function findOpenApiOperation(
  method: string,
  path: string,
): { operation?: OpenApiOperation; params: Record<string, string>; allowedMethods: string[] } {
  const { segments } = normalizeRequestPath(path);
  let best: { operation: OpenApiOperation; params: Record<string, string>; literals: number } | undefined;
  const allowed = new Set<string>();
  for (const operation of getValidators().specs.operations) {
    const params = matchTemplate(operation.template, segments);
    if (!params) continue;
    allowed.add(operation.method);
    if (operation.method !== method.toUpperCase()) continue;
    const literals = operation.template
      .split('/')
      .filter((part) => part !== '' && !part.startsWith('{')).length;
    if (!best || literals > best.literals) best = { operation, params, literals };
  }
  return best
    ? { operation: best.operation, params: best.params, allowedMethods: [...allowed] }
    : { params: {}, allowedMethods: [...allowed] };
}

function checkParameters(
  operation: OpenApiOperation,
  params: Record<string, string>,
  query: Record<string, string>,
): string[] {
  const errors: string[] = [];
  for (const parameter of operation.parameters) {
    const value =
      parameter.in === 'path'
        ? params[parameter.name]
        : Object.entries(query).find(([name]) => name.toLowerCase() === parameter.name.toLowerCase())?.[1];
    if (value === undefined) {
      if (parameter.required) errors.push(`${parameter.in} parameter ${parameter.name} is required`);
      continue;
    }
    if (parameter.type === 'boolean' && !/^(true|false)$/i.test(value))
      errors.push(
        `${parameter.in} parameter ${parameter.name} must be a boolean, got ${JSON.stringify(value)}`,
      );
    if (parameter.type === 'integer' && !/^-?\d+$/.test(value))
      errors.push(
        `${parameter.in} parameter ${parameter.name} must be an integer, got ${JSON.stringify(value)}`,
      );
  }
  return errors;
}

/**
 * Checks one exchange against the platform's OpenAPI files (web_api_v1.json; system_core_api.json for
 * `/api/public/system/...`): that `METHOD path` is a declared operation with well-typed path/query parameters,
 * that `requestBody` (when the key is given) conforms to the operation's body parameter schema, and that
 * `responseBody` (when given) conforms to its 200 response schema. An operation without a body parameter
 * accepts any request body (the server ignores it — the tools send `null` / `{}` to Disable routes). A missing
 * OpenAPI file throws.
 *
 *     const result = validateAgainstOpenApi('POST', '/webapi/Attribute/HR', { requestBody: body });
 *     expect(result.errors).toEqual([]);
 */
export function validateAgainstOpenApi(
  method: string,
  path: string,
  bodies: { requestBody?: unknown; responseBody?: unknown } = {},
  options: OpenApiValidationOptions = {},
): OpenApiValidationResult {
  const state = getValidators();
  const { query } = normalizeRequestPath(path);
  const found = findOpenApiOperation(method, path);
  const operation = found.operation;
  if (!operation) {
    const where = found.allowedMethods.length
      ? `the path is declared only for ${found.allowedMethods.join(', ')}`
      : 'no such path in web_api_v1.json or system_core_api.json';
    return {
      valid: false,
      errors: [`${method.toUpperCase()} ${normalizeRequestPath(path).decodedPath}: ${where}`],
    };
  }
  const errors = checkParameters(operation, found.params, query);
  if ('requestBody' in bodies && operation.body) {
    const body = bodies.requestBody;
    if (body === undefined) {
      if (operation.body.required) errors.push(`request body ${operation.body.name} is required`);
    } else {
      const overlay = options.overlay ?? true;
      const schema = overlay ? operation.body.overlaidSchema : operation.body.schema;
      const value = options.binding === false ? body : normalizeForBinding(body, schema, resolver(state));
      const validate = compile(state, `${operation.key} request ${overlay}`, schema);
      if (!validate(value)) errors.push(...formatAjvErrors('request body', validate.errors));
    }
  }
  if ('responseBody' in bodies && operation.response) {
    const validate = compile(state, `${operation.key} response`, operation.response);
    if (!validate(bodies.responseBody)) errors.push(...formatAjvErrors('response body', validate.errors));
  }
  return { valid: errors.length === 0, errors, operation };
}

/** The parsed OpenAPI files (loads them on first use). */
export function openApiSpecs(): OpenApiSpecs {
  return getValidators().specs;
}
