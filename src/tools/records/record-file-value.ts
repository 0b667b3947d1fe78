import type { PlatformClient } from '../../platform/platform-client.js';
import { getPropertyValues } from '../../platform/api/records-api.js';
import { ToolFailure } from '../tool-failure.js';

/**
 * The value of one attribute of one record (GetPropertyValues, exact alias).
 * @throws ToolFailure 404 when the platform has no such record
 */
export async function readRecordAttribute(
  client: PlatformClient,
  recordId: string,
  attribute: string,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const values = await getPropertyValues(client, [recordId], [attribute], signal);
  const row = values[recordId];
  if (row === undefined) throw new ToolFailure(`The platform has no record ${recordId}.`, 404);
  return row[attribute];
}
