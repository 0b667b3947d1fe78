import type { FormModel } from '../../platform/schemas/form-model.js';
import { compact } from '../compact.js';
import { componentAlias, fieldAttribute, fieldComponents, fieldLabel } from './form-tree.js';

/**
 * A form in the compact form tools answer with: `globalAlias` flattened to `alias`, the fields as
 * `{attribute, label, component, accessType}` (the platform's "property" is an attribute), and — for single
 * reads — the raw `root` tree to edit with `replace_root`.
 * @param form - the form as the platform returned it
 * @param options - `root: true` includes the component tree
 */
export function summarizeForm(form: FormModel, options: { root: boolean }): Record<string, unknown> {
  const fields = fieldComponents(form.root);
  return {
    ...compact({
      alias: form.globalAlias?.alias,
      template: form.globalAlias?.owner ?? form.container?.alias,
      name: form.name,
      type: form.type,
      formSize: form.formSize,
      isDefault: form.isDefault,
      toolbar: form.toolbar?.alias,
    }),
    fieldCount: fields.length,
    ...(options.root
      ? {
          fields: fields.map((f) =>
            compact({
              attribute: fieldAttribute(f),
              label: fieldLabel(f),
              component: componentAlias(f),
              accessType: typeof f.accessType === 'string' ? f.accessType : undefined,
            }),
          ),
          root: form.root ?? null,
        }
      : {}),
  };
}
