import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `test/sim/platform/`). */
export const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** Environment variable that overrides where the OpenAPI files are read from (e.g. a newer platform's files). */
export const OPENAPI_DIR_ENV = 'CMW_OPENAPI_DIR';

/** The two OpenAPI files the simulator is checked against. */
export const OPENAPI_FILES = { webApi: 'web_api_v1.json', systemCore: 'system_core_api.json' } as const;

/** Where the repository keeps the platform's OpenAPI files (see `spec/comindware/README.md`). */
export const BUNDLED_OPENAPI_DIR = path.join(REPO_ROOT, 'spec/comindware');

/** Where the platform's OpenAPI files are: `$CMW_OPENAPI_DIR`, else the copies in `spec/comindware/`. */
export function openApiDirectory(): string {
  const override = process.env[OPENAPI_DIR_ENV];
  return override && override.trim() !== '' ? path.resolve(override) : BUNDLED_OPENAPI_DIR;
}

/** The path of one OpenAPI file; throws a clear error when it is missing. */
export function requireOpenApiFile(name: string): string {
  const file = path.join(openApiDirectory(), name);
  if (!existsSync(file))
    throw new Error(
      `OpenAPI file not found: ${file}. The repository carries them in spec/comindware/; ` +
        `${OPENAPI_DIR_ENV} points elsewhere.`,
    );
  return file;
}
