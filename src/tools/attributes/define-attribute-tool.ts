import { z } from 'zod';
import { createAttribute, getAttribute, updateAttribute } from '../../platform/api/attributes-api.js';
import type { AttributeModel, AttributeType } from '../../platform/schemas/attribute-model.js';
import { defineTool, type ToolDefinition } from '../define-tool.js';
import { assertNewSystemName } from '../tool-inputs.js';
import { ToolFailure } from '../tool-failure.js';
import { calculationShape, commonAttributeShape } from './attribute-inputs.js';
import { summarizeAttribute } from './summarize-attribute.js';

type CommonInput = z.output<z.ZodObject<typeof commonAttributeShape>> & {
  calculate_value?: boolean | undefined;
  expression_for_calculation?: string | undefined;
};

/** One attribute type's tool: its own inputs and how they map to `AttributeModel` fields. */
export interface AttributeToolSpec<S extends z.ZodRawShape> {
  /** Tool name, as in the original (`edit_or_create_text_attribute`). */
  readonly name: string;
  /** The wire `type` the tool creates and edits. */
  readonly type: AttributeType;
  /** What users call it, e.g. "text (Текст)"; used in messages. */
  readonly label: string;
  /** The description the model sees. */
  readonly description: string;
  /** Inputs beyond the common ones. */
  readonly shape: S;
  /** Whether the type supports calculated values (adds `calculate_value`, `expression_for_calculation`). */
  readonly calculated: boolean;
  /** Inputs required when creating, beyond `name`. */
  readonly requiredOnCreate?: readonly (keyof S & string)[];
  /**
   * The model fields the type-specific inputs change: only the keys to change (a key left out keeps its current
   * value on edit); a key present with the value `undefined` clears that field.
   * @param input - the whole tool input
   * @param current - the attribute as it is now (edit), or undefined (create)
   * @throws ToolFailure for inputs that do not fit together
   */
  readonly changes: (
    input: CommonInput & z.output<z.ZodObject<S>>,
    current: AttributeModel | undefined,
  ) => AttributeModel;
  /** Flags a new attribute of this type sends as false when not given. */
  readonly createFlags: readonly string[];
}

/**
 * Defines an `edit_or_create_*_attribute` tool. Create POSTs a new `AttributeModel`; edit reads the attribute,
 * checks its type, merges only the given changes and PUTs the whole model back (the platform resets whatever a
 * PUT leaves out). Both read the attribute back and answer its compact form.
 * @param spec - the type's inputs and mapping
 */
export function defineAttributeTool<S extends z.ZodRawShape>(spec: AttributeToolSpec<S>): ToolDefinition {
  const inputSchema = z.object({
    ...commonAttributeShape,
    ...(spec.calculated ? calculationShape : {}),
    ...spec.shape,
  });
  return defineTool({
    name: spec.name,
    group: 'attributes',
    description: spec.description,
    inputSchema,
    destructive: false,
    readOnly: false,
    run: async (raw, { platform, signal }) => {
      const input = raw as CommonInput & z.output<z.ZodObject<S>>;
      const app = input.application_system_name;
      const template = input.template_system_name;
      const alias = input.system_name;
      const client = platform();
      const globalAlias = { owner: template, type: 'Undefined', alias };

      if (input.operation === 'create') {
        assertNewSystemName(alias, 'attribute');
        const missing = [
          input.name === undefined ? 'name' : '',
          ...(spec.requiredOnCreate ?? []).filter(
            (key) => (input as Record<string, unknown>)[key] === undefined,
          ),
        ].filter((s) => s !== '');
        if (missing.length > 0) {
          throw new ToolFailure(`To create a ${spec.label} attribute, also give: ${missing.join(', ')}.`);
        }
        const defaults = Object.fromEntries(spec.createFlags.map((flag) => [flag, false]));
        const body: AttributeModel = {
          globalAlias,
          type: spec.type,
          ...defaults,
          ...commonChanges(input, undefined, spec.calculated),
          ...definedOnly(spec.changes(input, undefined)),
        };
        await createAttribute(client, app, body, signal);
      } else {
        const current = await getAttribute(client, app, template, alias, signal);
        if (current.type !== spec.type) {
          throw new ToolFailure(
            `The attribute ${alias} is of type ${current.type ?? 'unknown'}, not ${spec.type} (${spec.label}); use the tool for its type. The type of an existing attribute cannot be changed.`,
            409,
          );
        }
        const body: AttributeModel = {
          ...current,
          ...commonChanges(input, current, spec.calculated),
          ...spec.changes(input, current),
          globalAlias,
          type: spec.type,
        };
        await updateAttribute(client, app, body, signal);
      }

      const saved = await getAttribute(client, app, template, alias, signal);
      return {
        operation: input.operation === 'create' ? 'created' : 'edited',
        attribute: summarizeAttribute(saved, { full: true }),
      };
    },
  });
}

function commonChanges(
  input: CommonInput,
  current: AttributeModel | undefined,
  calculated: boolean,
): AttributeModel {
  const out: AttributeModel = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.description !== undefined) out.description = input.description;
  if (input.write_changes_to_the_log !== undefined) out.isTracked = input.write_changes_to_the_log;
  if (!calculated) return out;

  const expression = input.expression_for_calculation?.trim();
  if (expression) {
    out.isCalculated = input.calculate_value ?? true;
    out.expression = expression;
  } else if (input.calculate_value === false) {
    out.isCalculated = false;
    out.expression = undefined;
  } else if (input.calculate_value === true) {
    if (!current?.expression) {
      throw new ToolFailure(
        'calculate_value needs expression_for_calculation: give the expression to calculate.',
      );
    }
    out.isCalculated = true;
  } else if (current === undefined) {
    out.isCalculated = false;
  }
  return out;
}

function definedOnly(model: AttributeModel): AttributeModel {
  return Object.fromEntries(Object.entries(model).filter(([, v]) => v !== undefined));
}
