import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `test/sim/platform/`). */
export const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** Environment variable that overrides where the OpenAPI files are read from. */
export const OPENAPI_DIR_ENV = 'CMW_OPENAPI_DIR';

/** The two OpenAPI files the simulator is checked against. */
export const OPENAPI_FILES = { webApi: 'web_api_v1.json', systemCore: 'system_core_api.json' } as const;

/**
 * Where the platform's OpenAPI files are: `$CMW_OPENAPI_DIR`, else `../shared/reference/cmw-openapi` relative to
 * the repository root (CI checks `shared/` out beside the repository).
 */
export function openApiDirectory(): string {
  const override = process.env[OPENAPI_DIR_ENV];
  return override && override.trim() !== ''
    ? path.resolve(override)
    : path.resolve(REPO_ROOT, '../shared/reference/cmw-openapi');
}

/** The path of one OpenAPI file; throws a clear error when it is missing. */
export function requireOpenApiFile(name: string): string {
  const file = path.join(openApiDirectory(), name);
  if (!existsSync(file))
    throw new Error(
      `OpenAPI file not found: ${file}. The platform contract checks read the Comindware OpenAPI files from ` +
        `../shared/reference/cmw-openapi beside the repository (set ${OPENAPI_DIR_ENV} to another directory).`,
    );
  return file;
}
