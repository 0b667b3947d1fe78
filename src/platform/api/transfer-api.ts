import type { PlatformClient } from '../platform-client.js';
import { platformPath } from '../platform-path.js';
import { exportResultsSchema, type ExportResults } from '../schemas/export-results.js';

/**
 * `GET webapi/Transfer/{app}`: exports an application as a CTF (Comindware Transfer Format: a ZIP of JSON files),
 * base64 in `data`, with a summary and a log. Exports can be large and slow; the client's body limit applies.
 * @param client - the run's client
 * @param app - application system name
 * @param signal - the run's signal
 */
export async function exportApplication(
  client: PlatformClient,
  app: string,
  signal?: AbortSignal,
): Promise<ExportResults> {
  const result = await client.webApi('GET', platformPath`webapi/Transfer/${app}`, {
    schema: exportResultsSchema.nullable(),
    signal,
  });
  return result ?? {};
}
