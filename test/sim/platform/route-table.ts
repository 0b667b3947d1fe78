import { attributeRoutes } from './attribute-handlers.js';
import { datasetRoutes } from './dataset-handlers.js';
import { formRoutes } from './form-handlers.js';
import { ontologyRoutes } from './ontology-handlers.js';
import { processRoutes } from './process-handlers.js';
import { recordFileRoutes } from './record-file-handlers.js';
import { recordRoutes } from './record-handlers.js';
import type { Route } from './route.js';
import { solutionRoutes } from './solution-handlers.js';
import { templateRoutes } from './template-handlers.js';
import { toolbarRoutes } from './toolbar-handlers.js';
import { transferRoutes } from './transfer-handlers.js';
import { userCommandRoutes } from './user-command-handlers.js';

/**
 * Every operation the simulator serves, each named by its OpenAPI path template (web_api_v1.json, or
 * system_core_api.json prefixed with its basePath `/api/public/system`).
 */
export const routeTable: readonly Route[] = [
  ...solutionRoutes,
  ...templateRoutes,
  ...attributeRoutes,
  ...recordRoutes,
  ...recordFileRoutes,
  ...formRoutes,
  ...datasetRoutes,
  ...toolbarRoutes,
  ...userCommandRoutes,
  ...transferRoutes,
  ...ontologyRoutes,
  ...processRoutes,
];
