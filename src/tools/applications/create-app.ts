import { z } from 'zod';
import { createSolution } from '../../platform/api/solutions-api.js';
import { isPlatformError } from '../../platform/platform-error.js';
import { defineTool } from '../define-tool.js';
import { assertNewSystemName, systemNameInput } from '../tool-inputs.js';
import { ToolFailure } from '../tool-failure.js';

/** `create_app`: creates an application (приложение). */
export const createAppTool = defineTool({
  name: 'create_app',
  group: 'applications',
  description:
    'Create a new application (solution; RU: создать приложение, бизнес-приложение) with a system name (системное имя), a display name (название) and an optional description. Creating an application can take a while: if the result is a timeout, list the applications to check whether it was created before trying again.',
  inputSchema: z.object({
    system_name: systemNameInput(
      'System name of the new application: letters, digits and "_", not starting with a digit, e.g. "FleetDemo".',
    ),
    display_name: z.string().trim().min(1).max(256).describe('Display name of the application.'),
    description: z.string().max(4000).optional().describe('Description of the application.'),
  }),
  destructive: false,
  readOnly: false,
  run: async ({ system_name, display_name, description }, { platform, signal }) => {
    assertNewSystemName(system_name, 'application');
    try {
      const alias = await createSolution(
        platform(),
        { alias: system_name, name: display_name, description },
        signal,
      );
      return { created: alias ?? system_name, name: display_name };
    } catch (error) {
      if (isPlatformError(error) && error.kind === 'timeout') {
        throw new ToolFailure(
          `${error.message} Call list_applications to see whether "${system_name}" was created before trying again.`,
          error.status,
        );
      }
      throw error;
    }
  },
});
