import { z } from 'zod';

/** `SolutionInfoModel`: an application (solution) as `GET webapi/Solution` lists it. */
export const solutionInfoSchema = z.looseObject({
  alias: z.string().nullish(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  isDefault: z.boolean().nullish(),
});

/** An application as read from the platform. */
export type SolutionInfo = z.infer<typeof solutionInfoSchema>;
