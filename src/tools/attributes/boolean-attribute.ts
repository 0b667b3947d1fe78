import { defineAttributeTool } from './define-attribute-tool.js';

/** `edit_or_create_boolean_attribute`: a yes/no attribute (Логический). */
export const booleanAttributeTool = defineAttributeTool({
  name: 'edit_or_create_boolean_attribute',
  type: 'Boolean',
  label: 'boolean (Логический)',
  description:
    'Create or edit a boolean attribute (RU: атрибут типа «Логический», да/нет, флажок) of a record template; it stores true or false. On edit, only the given fields change.',
  shape: {},
  calculated: true,
  createFlags: ['isTracked'],
  changes: () => ({}),
});
