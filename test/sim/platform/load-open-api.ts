import { readFileSync } from 'node:fs';
import { cleanSwaggerDefinitions, cleanSwaggerSchema, type JsonSchema } from './clean-swagger-schema.js';
import { OPENAPI_FILES, requireOpenApiFile } from './open-api-location.js';
import { applyOpenApiOverlay } from './open-api-overlay.js';

/** Which OpenAPI file an operation comes from. */
export type OpenApiDocumentName = 'web_api_v1.json' | 'system_core_api.json';

/** A path or query parameter of an operation. */
export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  type?: string;
  required: boolean;
}

/** One operation of the OpenAPI files, with cleaned schemas. */
export interface OpenApiOperation {
  document: OpenApiDocumentName;
  /** Upper-case HTTP method. */
  method: string;
  /** Full path template (`/webapi/...`, or System Core's basePath + path). */
  template: string;
  /** `METHOD template` — unique, unlike operationId (see {@link OpenApiSpecs.duplicateOperationIds}). */
  key: string;
  operationId: string;
  parameters: OpenApiParameter[];
  /** The body parameter, when the operation declares one. */
  body?: { name: string; required: boolean; schema: JsonSchema; overlaidSchema: JsonSchema };
  /** The schema of the 200 response, when declared. */
  response?: JsonSchema;
}

/** Both OpenAPI files, parsed and cleaned for Ajv. */
export interface OpenApiSpecs {
  operations: OpenApiOperation[];
  /** Cleaned definitions per document id (`web_api_v1.json`, `system_core_api.json`), exact. */
  definitions: Record<OpenApiDocumentName, Record<string, JsonSchema>>;
  /** web_api_v1.json definitions with the documented spec gaps filled in (see `applyOpenApiOverlay`). */
  overlaidWebDefinitions: Record<string, JsonSchema>;
  /** The raw (uncleaned) definitions, for checks against model key lists and enums. */
  rawDefinitions: Record<OpenApiDocumentName, Record<string, Record<string, unknown>>>;
  /** operationIds used by more than one operation → the operation keys (web_api_v1.json has two). */
  duplicateOperationIds: Record<string, string[]>;
  /** The files read. */
  files: Record<OpenApiDocumentName, string>;
}

const OVERLAY_ID = 'web_api_v1.overlay.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

interface SwaggerDocument {
  basePath?: string;
  paths: Record<string, Record<string, unknown>>;
  definitions: Record<string, Record<string, unknown>>;
}

function readDocument(name: string): SwaggerDocument {
  const file = requireOpenApiFile(name);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as SwaggerDocument;
  if (typeof parsed.paths !== 'object' || typeof parsed.definitions !== 'object')
    throw new Error(`${file} is not a Swagger 2.0 document with paths and definitions`);
  return parsed;
}

function operationsOf(
  document: SwaggerDocument,
  name: OpenApiDocumentName,
  overlayId: string,
): OpenApiOperation[] {
  const operations: OpenApiOperation[] = [];
  const basePath = document.basePath && document.basePath !== '/' ? document.basePath.replace(/\/$/, '') : '';
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      if (!operation) continue;
      const template = `${basePath}${path}`;
      const rawParameters = Array.isArray(operation.parameters)
        ? (operation.parameters as Record<string, unknown>[])
        : [];
      const parameters: OpenApiParameter[] = rawParameters
        .filter((parameter) => parameter.in === 'path' || parameter.in === 'query')
        .map((parameter) => ({
          name: String(parameter.name),
          in: parameter.in as 'path' | 'query',
          ...(typeof parameter.type === 'string' ? { type: parameter.type } : {}),
          required: parameter.required === true,
        }));
      const bodyParameter = rawParameters.find((parameter) => parameter.in === 'body');
      const responses = operation.responses as Record<string, { schema?: unknown }> | undefined;
      const entry: OpenApiOperation = {
        document: name,
        method: method.toUpperCase(),
        template,
        key: `${method.toUpperCase()} ${template}`,
        operationId: typeof operation.operationId === 'string' ? operation.operationId : '',
        parameters,
      };
      if (bodyParameter)
        entry.body = {
          name: String(bodyParameter.name),
          required: bodyParameter.required === true,
          schema: cleanSwaggerSchema(bodyParameter.schema, name),
          overlaidSchema: cleanSwaggerSchema(bodyParameter.schema, overlayId),
        };
      const ok = responses?.['200'];
      if (ok?.schema !== undefined) entry.response = cleanSwaggerSchema(ok.schema, name);
      operations.push(entry);
    }
  }
  return operations;
}

let cached: OpenApiSpecs | undefined;

/**
 * Reads and cleans `web_api_v1.json` and `system_core_api.json` (once; cached). Throws a clear error when a
 * file is missing (see `openApiDirectory`).
 */
export function loadOpenApi(): OpenApiSpecs {
  if (cached) return cached;
  const web = readDocument(OPENAPI_FILES.webApi);
  const core = readDocument(OPENAPI_FILES.systemCore);
  const overlaid = structuredClone(web.definitions);
  applyOpenApiOverlay(overlaid);
  const operations = [
    ...operationsOf(web, 'web_api_v1.json', OVERLAY_ID),
    ...operationsOf(core, 'system_core_api.json', 'system_core_api.json'),
  ];
  const byId = new Map<string, string[]>();
  for (const operation of operations)
    if (operation.document === 'web_api_v1.json')
      byId.set(operation.operationId, [...(byId.get(operation.operationId) ?? []), operation.key]);
  cached = {
    operations,
    definitions: {
      'web_api_v1.json': cleanSwaggerDefinitions(web.definitions, 'web_api_v1.json'),
      'system_core_api.json': cleanSwaggerDefinitions(core.definitions, 'system_core_api.json'),
    },
    overlaidWebDefinitions: cleanSwaggerDefinitions(overlaid, OVERLAY_ID),
    rawDefinitions: { 'web_api_v1.json': web.definitions, 'system_core_api.json': core.definitions },
    duplicateOperationIds: Object.fromEntries([...byId].filter(([, keys]) => keys.length > 1)),
    files: {
      'web_api_v1.json': requireOpenApiFile(OPENAPI_FILES.webApi),
      'system_core_api.json': requireOpenApiFile(OPENAPI_FILES.systemCore),
    },
  };
  return cached;
}

/** The document id the overlaid web definitions are registered under. */
export const OVERLAY_DOCUMENT_ID = OVERLAY_ID;
