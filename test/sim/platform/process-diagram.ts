import type { DiagramEntity, PlatformState, TemplateEntity } from './platform-state.js';

/** One element of a simulated BPMN diagram. */
export interface DiagramElementSpec {
  kind: 'Pool' | 'Lane' | 'StartEvent' | 'EndEvent' | 'IntermediateEvent' | 'Task' | 'Gate' | 'ExecutionFlow';
  systemName: string;
  title: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Task kind (`User`, `Script`, `Service`, `SubProcess`). */
  taskKind?: string;
  /** Gate kind (`Exclusive`, `Parallel`). */
  gateKind?: string;
  /** Event kind (`None`, `Timer`, `Terminate`, …). */
  eventKind?: string;
  /** Flows: system names of the source and target elements. */
  source?: string;
  target?: string;
  /** Names of scenarios run when the element is left (`trigger.N` are created for them). */
  exitTriggers?: string[];
}

const PREFIX = 'cmw.process.diagram.activity';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** The minimal diagram of a new process template: start → user task → end. */
export const DEFAULT_DIAGRAM: DiagramElementSpec[] = [
  {
    kind: 'StartEvent',
    systemName: 'Start',
    title: 'Start',
    x: 100,
    y: 120,
    width: 30,
    height: 30,
    eventKind: 'None',
  },
  {
    kind: 'Task',
    systemName: 'Task1',
    title: 'Task',
    x: 200,
    y: 105,
    width: 120,
    height: 60,
    taskKind: 'User',
  },
  {
    kind: 'EndEvent',
    systemName: 'End',
    title: 'End',
    x: 400,
    y: 120,
    width: 30,
    height: 30,
    eventKind: 'None',
  },
  {
    kind: 'ExecutionFlow',
    systemName: 'Flow1',
    title: '',
    x: 0,
    y: 0,
    width: 0,
    height: 0,
    source: 'Start',
    target: 'Task1',
  },
  {
    kind: 'ExecutionFlow',
    systemName: 'Flow2',
    title: '',
    x: 0,
    y: 0,
    width: 0,
    height: 0,
    source: 'Task1',
    target: 'End',
  },
];

/**
 * Creates the diagram (`diagram.N`) of a process template with its elements (`diagramActivity.N`), as the
 * ontology axioms `get_process_schema` reads (`cmw.process.diagram.activity.title|lid|systemName|owner|x|y|
 * width|height|gate.kind|event.kind|task.kind|flow.source|flow.target|flow.pointsX|flow.pointsY|exitTrigger`).
 */
export function createProcessDiagram(
  state: PlatformState,
  template: TemplateEntity,
  elements: readonly DiagramElementSpec[],
): DiagramEntity {
  const diagram: DiagramEntity = {
    id: state.nextId('diagram'),
    processTemplateId: template.id,
    activities: [],
  };
  const ids = new Map<string, string>();
  for (const element of elements) ids.set(element.systemName, state.nextId('diagramActivity'));
  elements.forEach((element, index) => {
    const id = ids.get(element.systemName) ?? '';
    const axioms: Record<string, unknown[]> = {
      [RDF_TYPE]: [`${PREFIX}.${element.kind}`],
      [`${PREFIX}.title`]: [element.title],
      [`${PREFIX}.lid`]: [index + 1],
      [`${PREFIX}.systemName`]: [element.systemName],
      [`${PREFIX}.owner`]: [diagram.id],
      [`${PREFIX}.x`]: [element.x],
      [`${PREFIX}.y`]: [element.y],
      [`${PREFIX}.width`]: [element.width],
      [`${PREFIX}.height`]: [element.height],
    };
    if (element.taskKind) axioms[`${PREFIX}.task.kind`] = [element.taskKind];
    if (element.gateKind) axioms[`${PREFIX}.gate.kind`] = [`${PREFIX}.gate.kind.${element.gateKind}`];
    if (element.eventKind) axioms[`${PREFIX}.event.kind`] = [`${PREFIX}.event.kind.${element.eventKind}`];
    if (element.kind === 'ExecutionFlow') {
      const source = elements.find((candidate) => candidate.systemName === element.source);
      const target = elements.find((candidate) => candidate.systemName === element.target);
      axioms[`${PREFIX}.flow.source`] = [ids.get(element.source ?? '') ?? ''];
      axioms[`${PREFIX}.flow.target`] = [ids.get(element.target ?? '') ?? ''];
      const from = source ? [source.x + source.width, source.y + source.height / 2] : [0, 0];
      const to = target ? [target.x, target.y + target.height / 2] : [0, 0];
      axioms[`${PREFIX}.flow.pointsX`] = [`${from[0]};${to[0]}`];
      axioms[`${PREFIX}.flow.pointsY`] = [`${from[1]};${to[1]}`];
    }
    if (element.exitTriggers?.length) {
      axioms[`${PREFIX}.exitTrigger`] = element.exitTriggers.map((name) => {
        const trigger = { id: state.nextId('trigger'), alias: name.replace(/[^\p{L}\p{N}_]+/gu, ''), name };
        state.triggers.set(trigger.id, trigger);
        return trigger.id;
      });
    }
    diagram.activities.push({ id, axioms });
  });
  state.diagrams.set(diagram.id, diagram);
  return diagram;
}
