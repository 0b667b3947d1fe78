import type { AttributeModel } from '../../platform/schemas/attribute-model.js';
import { multipleValuesInput } from './attribute-inputs.js';
import { defineAttributeTool } from './define-attribute-tool.js';

/** `edit_or_create_role_attribute`: a link to roles (Роль). */
export const roleAttributeTool = defineAttributeTool({
  name: 'edit_or_create_role_attribute',
  type: 'Role',
  label: 'role (Роль)',
  description:
    'Create or edit a role attribute (RU: атрибут типа «Роль») of a record template: it stores one or several role ids. On edit, only the given fields change.',
  shape: { store_multiple_values: multipleValuesInput },
  calculated: true,
  createFlags: ['isMultiValue', 'isTracked'],
  changes: (input) => {
    const out: AttributeModel = {};
    if (input.store_multiple_values !== undefined) out.isMultiValue = input.store_multiple_values;
    return out;
  },
});
