import { ATTRIBUTE_FLAGS } from './attribute-model.js';
import type { PlatformState, TemplateEntity, WireObject } from './platform-state.js';
import { createProcessDiagram, DEFAULT_DIAGRAM, type DiagramElementSpec } from './process-diagram.js';

/** System attributes every template gets (platform-api.md §6), in list order. */
const SYSTEM_ATTRIBUTES: { alias: string; model: WireObject }[] = [
  {
    alias: '_processes',
    model: {
      type: 'Process',
      format: 'Link',
      name: 'Related Processes',
      description: 'Экземпляры процесса, связанные с данной записью',
      isTracked: true,
      isReadonly: true,
      isMultiValue: true,
    },
  },
  {
    alias: 'id',
    model: {
      type: 'String',
      format: 'PlainText',
      name: 'ID',
      isReadonly: true,
      isUnique: true,
      isIndexed: true,
    },
  },
  { alias: '_color', model: { type: 'Color', format: 'Undefined', name: 'Цвет', isTracked: true } },
  {
    alias: '_creator',
    model: {
      type: 'Account',
      format: 'Undefined',
      name: 'Creator',
      isReadonly: true,
      instanceGlobalAlias: { type: 'RecordTemplate', alias: '_Account' },
    },
  },
  {
    alias: '_creationDate',
    model: { type: 'DateTime', format: 'DateTimeISO', name: 'Creation date', isReadonly: true },
  },
  {
    alias: '_lastWriteDate',
    model: { type: 'DateTime', format: 'DateTimeISO', name: 'Last modified', isReadonly: true },
  },
  {
    alias: '_conversation',
    model: { type: 'Conversation', format: 'Undefined', name: 'Discussion', isReadonly: true },
  },
  {
    alias: '_isDisabled',
    model: { type: 'Boolean', format: 'Undefined', name: 'Archived', isReadonly: true },
  },
];

/** The system buttons every template gets; they may only be renamed (platform-api.md §3.9). */
const SYSTEM_BUTTONS: { alias: string; name: string; kind: string; context: string; resultType: string }[] = [
  { alias: 'create', name: 'Create', kind: 'Create', context: 'List', resultType: 'Navigate' },
  { alias: 'edit', name: 'Edit', kind: 'Edit', context: 'Record', resultType: 'DataChange' },
  { alias: 'archive', name: 'Archive', kind: 'Archive', context: 'Record', resultType: 'DataChange' },
  { alias: 'delete', name: 'Delete', kind: 'Delete', context: 'Record', resultType: 'DataChange' },
  { alias: 'unarchive', name: 'Unarchive', kind: 'Unarchive', context: 'Record', resultType: 'DataChange' },
];

/** A stored attribute model with every boolean flag present. */
export function withAttributeFlags(model: WireObject): WireObject {
  const out: WireObject = { ...model };
  for (const flag of ATTRIBUTE_FLAGS) if (typeof out[flag] !== 'boolean') out[flag] = false;
  return out;
}

/**
 * What the platform creates with a new template (platform-api.md §7.2): the system attributes, the form
 * `defaultForm`, the dataset `defaultList` and the system buttons create/edit/archive/delete/unarchive; a
 * process template also gets its diagram (a minimal one unless `diagram` is given).
 */
export function createTemplateDefaults(
  state: PlatformState,
  template: TemplateEntity,
  diagram: readonly DiagramElementSpec[] = DEFAULT_DIAGRAM,
): void {
  if (template.kind === 'Process') createProcessDiagram(state, template, diagram);
  for (const { alias, model } of SYSTEM_ATTRIBUTES) {
    const id = state.nextId('op');
    state.attributes.set(id, {
      id,
      templateId: template.id,
      alias,
      model: withAttributeFlags({ ...structuredClone(model), isSystem: true }),
      variantIds: new Map(),
    });
  }
  const formId = state.nextId('form');
  state.forms.set(formId, {
    id: formId,
    templateId: template.id,
    alias: 'defaultForm',
    model: {
      type: 'InternalForm',
      formSize: 'Common',
      isDefault: true,
      name: 'Default form',
      root: { type: 'VerticalLayout', rows: [] },
    },
  });
  const datasetId = state.nextId('lst');
  state.datasets.set(datasetId, {
    id: datasetId,
    templateId: template.id,
    alias: 'defaultList',
    model: {
      isLazyLoading: false,
      name: 'Default list',
      columns: [],
      paging: { page: 0, size: 50 },
      sorting: [],
      viewType: 'General',
      isDefault: true,
      showDisabled: false,
    },
  });
  for (const button of SYSTEM_BUTTONS) {
    const id = state.nextId('event');
    state.userCommands.set(id, {
      id,
      templateId: template.id,
      alias: button.alias,
      model: {
        name: button.name,
        isSystem: true,
        isDisabled: false,
        isPrepare: false,
        skipValidation: false,
        context: button.context,
        multiplicity: 'OneByOne',
        kind: button.kind,
        resultType: button.resultType,
        isConfirmationActive: button.kind === 'Delete',
        navigationTarget: 'Undefined',
      },
    });
  }
}
