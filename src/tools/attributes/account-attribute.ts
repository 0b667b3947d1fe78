import type { AttributeModel } from '../../platform/schemas/attribute-model.js';
import { systemNameInput } from '../tool-inputs.js';
import { multipleValuesInput, recordTitleInput } from './attribute-inputs.js';
import { defineAttributeTool } from './define-attribute-tool.js';

/** The system account template accounts link to by default. */
export const DEFAULT_ACCOUNT_TEMPLATE = '_Account';

/** `edit_or_create_account_attribute`: a link to user accounts (Аккаунт). */
export const accountAttributeTool = defineAttributeTool({
  name: 'edit_or_create_account_attribute',
  type: 'Account',
  label: 'account (Аккаунт)',
  description:
    'Create or edit an account attribute (RU: атрибут типа «Аккаунт», пользователь, учётная запись) of a record template: it stores one or several user account ids. The linked account template is "_Account" unless related_template_system_name names another. On edit, only the given fields change.',
  shape: {
    related_template_system_name: systemNameInput(
      'System name of the account template to link to; "_Account" (all accounts) by default.',
    ).optional(),
    store_multiple_values: multipleValuesInput,
    use_as_record_title: recordTitleInput,
  },
  calculated: true,
  createFlags: ['isMultiValue', 'isTitle', 'isTracked'],
  changes: (input, current) => {
    const out: AttributeModel = {};
    const template = input.related_template_system_name ?? (current ? undefined : DEFAULT_ACCOUNT_TEMPLATE);
    if (template !== undefined) out.instanceGlobalAlias = { type: 'RecordTemplate', alias: template };
    if (input.store_multiple_values !== undefined) out.isMultiValue = input.store_multiple_values;
    if (input.use_as_record_title !== undefined) out.isTitle = input.use_as_record_title;
    return out;
  },
});
