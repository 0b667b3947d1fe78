import { z } from 'zod';
import { getProcessApp, listProcessApps } from '../../platform/api/ontology-api.js';
import { PlatformError } from '../../platform/platform-error.js';
import type { Axioms } from '../../platform/schemas/ontology.js';
import { compact } from '../compact.js';
import { defineTool } from '../define-tool.js';
import { mapLimit } from '../map-limit.js';
import { systemNameInput } from '../tool-inputs.js';
import { cachedAxioms, first } from './describe-entity.js';

const A = 'cmw.process.diagram.activity.';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

const ELEMENT_TYPES: Record<string, string> = {
  StartEvent: 'start_event',
  EndEvent: 'end_event',
  IntermediateEvent: 'intermediate_event',
  Event: 'intermediate_event',
  Gate: 'gateway',
  ExecutionFlow: 'sequence_flow',
  SequenceFlow: 'sequence_flow',
  SubProcess: 'sub_process',
  EmbeddedProcess: 'sub_process',
  Task: 'task',
  Pool: 'pool',
  Lane: 'lane',
};

/** `get_process_schema`: the BPMN diagram (диаграмма процесса) of a process template. */
export const getProcessSchemaTool = defineTool({
  name: 'get_process_schema',
  group: 'applications',
  description:
    'Get the BPMN diagram (RU: диаграмма процесса, схема процесса) of a process template (шаблон процесса) by its system name: every element — pools, lanes (дорожки), events (события), tasks (задачи), gateways (шлюзы), sequence flows (потоки) — with its name, kind, position and size, flow source and target, and the scenarios (сценарии) run on exit.',
  inputSchema: z.object({
    process_template_system_name: systemNameInput('System name of the process template.'),
  }),
  destructive: false,
  readOnly: true,
  resultBudgetChars: 20_000,
  run: async ({ process_template_system_name }, { platform, signal }) => {
    const client = platform();
    const apps = await listProcessApps(client, signal);
    const app = apps.find((a) => a.alias === process_template_system_name);
    if (!app?.id) {
      throw new PlatformError(
        'not_found',
        `There is no process template ${process_template_system_name}. Call list_templates with template_type "process" to see them.`,
      );
    }
    const full = await getProcessApp(client, app.id, signal);
    const diagramId = full.activeDiagramId ?? app.activeDiagramId;
    if (!diagramId) {
      throw new PlatformError(
        'not_found',
        `The process template ${process_template_system_name} has no active diagram.`,
      );
    }
    const read = cachedAxioms(client, signal);
    const diagram = await read(diagramId);
    const ids = (diagram['cmw.process.diagram.activities'] ?? []).filter(
      (v): v is string => typeof v === 'string',
    );
    const elements = await mapLimit(ids, 8, async (id) => describeElement(id, await read(id), read));
    return {
      process_template: process_template_system_name,
      process_template_id: app.id,
      diagram_id: diagramId,
      element_count: elements.length,
      elements,
    };
  },
});

async function describeElement(
  id: string,
  data: Axioms,
  read: (id: string) => Promise<Axioms>,
): Promise<Record<string, unknown>> {
  const rdfTypes = (data[RDF_TYPE] ?? []).filter((v): v is string => typeof v === 'string');
  const short = rdfTypes.find((t) => t.startsWith(A))?.slice(A.length);
  const type = short ? (ELEMENT_TYPES[short] ?? 'activity') : 'unknown';
  const value = (name: string) => data[`${A}${name}`]?.[0];
  const kind = (name: string) => {
    const v = first(data, [`${A}${name}.kind`]);
    return v ? v.split('.').at(-1) : undefined;
  };
  const isFlow = type === 'sequence_flow';
  let onExit: string[] | undefined;
  if (!isFlow) {
    const triggers = (data[`${A}exitTrigger`] ?? []).filter((v): v is string => typeof v === 'string');
    if (triggers.length > 0) {
      onExit = await Promise.all(triggers.map(async (t) => first(await read(t), ['cmw.trigger.name']) ?? t));
    }
  }
  return compact({
    id,
    type,
    subtype:
      type === 'gateway'
        ? kind('gate')
        : type.endsWith('event')
          ? kind('event')
          : type === 'task'
            ? kind('task')
            : undefined,
    name: value('title'),
    systemName: value('systemName'),
    lid: value('lid'),
    owner: value('owner'),
    x: value('x'),
    y: value('y'),
    width: value('width'),
    height: value('height'),
    source: isFlow ? value('flow.source') : undefined,
    target: isFlow ? value('flow.target') : undefined,
    pointsX: isFlow ? value('flow.pointsX') : undefined,
    pointsY: isFlow ? value('flow.pointsY') : undefined,
    lane_index: type === 'lane' ? value('lane.index') : undefined,
    on_exit_trigger_names: onExit,
  });
}
