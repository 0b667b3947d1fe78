import { z } from 'zod';

/** `TransferLogUnitModel`: one line of a transfer log (`type` Info, Warning, Error…). */
export const transferLogUnitSchema = z.looseObject({
  message: z.string().nullish(),
  type: z.string().nullish(),
});

/** `TransferLogModel`: the log of an export or import. */
export const transferLogSchema = z.looseObject({
  units: z.array(transferLogUnitSchema).nullish(),
});

/** `TransferSummary`: what an export or import did. */
export const transferSummarySchema = z.looseObject({
  solutionAlias: z.string().nullish(),
  resultMessage: z.string().nullish(),
  elapsedTime: z.string().nullish(),
  transferLog: transferLogSchema.nullish(),
});

/**
 * `ExportResults` (web_api_v1): `GET webapi/Transfer/{app}` — `data` is the application as a base64 CTF (a ZIP of
 * JSON files). Some versions name it `ctf` (platform-api.md §3.10); the loose object keeps that key.
 */
export const exportResultsSchema = z.looseObject({
  data: z.string().nullish(),
  summary: transferSummarySchema.nullish(),
});

/** An export as read from the platform. */
export type ExportResults = z.infer<typeof exportResultsSchema>;
