import { z } from 'zod';
import { listSolutions } from '../../platform/api/solutions-api.js';
import { compact } from '../compact.js';
import { defineTool } from '../define-tool.js';

/** `list_applications`: every application (приложение) of the platform. */
export const listApplicationsTool = defineTool({
  name: 'list_applications',
  group: 'applications',
  description:
    'List all applications (solutions; RU: приложения, бизнес-приложения) on the Comindware Platform with their system names (системное имя), names and descriptions. Start here to find the application a user means.',
  inputSchema: z.object({}),
  destructive: false,
  readOnly: true,
  run: async (_input, { platform, signal }) => {
    const solutions = await listSolutions(platform(), signal);
    return solutions.map((s) =>
      compact({ alias: s.alias, name: s.name, description: s.description?.trim(), isDefault: s.isDefault }),
    );
  },
});
