import type { AttributeModel } from '../../platform/schemas/attribute-model.js';
import { systemNameInput } from '../tool-inputs.js';
import { ToolFailure } from '../tool-failure.js';
import { multipleValuesInput } from './attribute-inputs.js';
import { defineAttributeTool } from './define-attribute-tool.js';

/** `edit_or_create_record_attribute`: a link to records of another template (Запись), wire type `Instance`. */
export const recordAttributeTool = defineAttributeTool({
  name: 'edit_or_create_record_attribute',
  type: 'Instance',
  label: 'record link (Запись)',
  description:
    'Create or edit a record attribute (RU: атрибут типа «Запись», ссылка на запись, коллекция) of a record template: it stores one or several ids of records of a related template. It can be mutually linked with a record attribute of the related template (взаимная связь), so both sides update together. related_template_system_name is required on create. On edit, only the given fields change.',
  shape: {
    related_template_system_name: systemNameInput(
      'System name of the template whose records are linked. Required for create.',
    ).optional(),
    related_attribute_system_name: systemNameInput(
      'System name of a record attribute in the related template to link mutually with.',
    ).optional(),
    store_multiple_values: multipleValuesInput,
  },
  calculated: true,
  requiredOnCreate: ['related_template_system_name'],
  createFlags: ['isMultiValue', 'isTracked'],
  changes: (input, current) => {
    const out: AttributeModel = {};
    if (
      input.related_template_system_name !== undefined ||
      input.related_attribute_system_name !== undefined
    ) {
      const link = current?.instanceGlobalAlias;
      const currentTemplate = link?.type === 'Attribute' ? link.owner : link?.alias;
      const template = input.related_template_system_name ?? currentTemplate ?? undefined;
      if (!template) throw new ToolFailure('Give related_template_system_name: the template to link to.');
      out.instanceGlobalAlias = input.related_attribute_system_name
        ? { type: 'Attribute', owner: template, alias: input.related_attribute_system_name }
        : { type: 'RecordTemplate', alias: template };
    }
    if (input.store_multiple_values !== undefined) out.isMultiValue = input.store_multiple_values;
    return out;
  },
});
