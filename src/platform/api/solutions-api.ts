import { z } from 'zod';
import type { PlatformClient } from '../platform-client.js';
import { platformPath } from '../platform-path.js';
import { solutionInfoSchema, type SolutionInfo } from '../schemas/solution-info.js';

/**
 * `GET webapi/Solution`: every application (solution) of the platform.
 * @param client - the run's client
 * @param signal - the run's signal
 */
export async function listSolutions(client: PlatformClient, signal?: AbortSignal): Promise<SolutionInfo[]> {
  return client.webApi('GET', platformPath`webapi/Solution`, {
    schema: z
      .array(solutionInfoSchema)
      .nullable()
      .transform((list) => list ?? []),
    signal,
  });
}

/** The body of `POST webapi/Solution` (a `SolutionInfoModel`). */
export interface NewSolution {
  readonly alias: string;
  readonly name: string;
  readonly description?: string | undefined;
}

/**
 * `POST webapi/Solution`: creates an application. Creating one can take longer than the timeout; the
 * application may then still appear (list the applications to check).
 * @returns the new application's system name, as the platform answers it (null when it answers none)
 */
export async function createSolution(
  client: PlatformClient,
  solution: NewSolution,
  signal?: AbortSignal,
): Promise<string | null> {
  return client.webApi('POST', platformPath`webapi/Solution`, {
    body: {
      alias: solution.alias,
      name: solution.name,
      ...(solution.description !== undefined ? { description: solution.description } : {}),
    },
    schema: z.string().nullable(),
    signal,
  });
}
