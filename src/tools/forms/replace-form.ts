import { createForm, deleteForm, getForm } from '../../platform/api/forms-api.js';
import type { TemplateChildAddress } from '../../platform/api/template-child-api.js';
import type { PlatformClient } from '../../platform/platform-client.js';
import { isPlatformError } from '../../platform/platform-error.js';
import type { FormModel } from '../../platform/schemas/form-model.js';
import { ToolFailure } from '../tool-failure.js';
import { fieldComponents } from './form-tree.js';

/** What {@link replaceForm} checks after saving. */
export interface ReplaceCheck {
  /** Refuse a saved form without fields (the platform answers success for an empty tree). */
  readonly verify: boolean;
  /** When set, the saved form must have exactly this many fields. */
  readonly expectedFields?: number;
}

/** What {@link replaceForm} did. */
export interface ReplacedForm {
  readonly saved: FormModel;
  /** Whether a form of that name existed and was replaced. */
  readonly replaced: boolean;
}

const SETTINGS_KEPT = [
  'type',
  'isDefault',
  'formSize',
  'toolbar',
  'withSimpleToolbar',
  'origination',
] as const;

/**
 * A structural form change (platform-api.md §3.6): the platform cannot change a form's component tree in place,
 * so the form is read (the snapshot), deleted, and posted again with the new tree, then read back. If the DELETE or
 * the POST fails, or the saved form breaks the check, the snapshot is posted back (rollback) without the run's
 * signal, so a cancel cannot leave the form deleted. The snapshot lives in memory for the call; nothing is written
 * to disk. Settings the new body leaves out (type, default flag, size, toolbar) are kept from the snapshot.
 * @param client - the run's client
 * @param at - the form
 * @param body - the new form (its `globalAlias` and `container` are set from `at`)
 * @param check - what the saved form must satisfy
 * @param signal - the run's signal
 * @throws ToolFailure (the POST's status, or 422 for a failed check) saying whether the old form was restored
 */
export async function replaceForm(
  client: PlatformClient,
  at: TemplateChildAddress,
  body: FormModel,
  check: ReplaceCheck,
  signal: AbortSignal | undefined,
): Promise<ReplacedForm> {
  const snapshot = await getForm(client, at, signal).catch((error: unknown) => {
    if (isPlatformError(error) && error.kind === 'not_found') return undefined;
    throw error;
  });
  const kept: Record<string, unknown> = {};
  if (snapshot) for (const key of SETTINGS_KEPT) if (snapshot[key] != null) kept[key] = snapshot[key];
  const next: FormModel = {
    ...kept,
    ...body,
    globalAlias: { type: 'Form', owner: at.template, alias: at.alias },
    container: { type: 'RecordTemplate', alias: at.template },
  };

  try {
    if (snapshot) await deleteForm(client, at, signal);
    await createForm(client, at.app, next, signal);
  } catch (error) {
    const restored = await restore(client, at, snapshot);
    const message = error instanceof Error ? error.message : String(error);
    const status = isPlatformError(error) || error instanceof ToolFailure ? error.status : 500;
    throw new ToolFailure(`Saving the form ${at.alias} failed: ${message} ${restored}`, status);
  }

  const saved = await getForm(client, at, signal);
  const count = fieldComponents(saved.root).length;
  const problem =
    check.expectedFields !== undefined && count !== check.expectedFields
      ? `has ${count} fields instead of ${check.expectedFields}`
      : check.verify && count === 0
        ? 'has no fields'
        : undefined;
  if (problem) {
    let restored = 'There was no previous form; the saved one is left as it is.';
    if (snapshot) {
      try {
        await deleteForm(client, at, undefined);
        restored = await restore(client, at, snapshot);
      } catch (error) {
        restored = `Removing it to restore the previous form failed (${error instanceof Error ? error.message : String(error)}).`;
      }
    }
    throw new ToolFailure(`The form ${at.alias} was saved but ${problem}. ${restored}`, 422);
  }
  return { saved, replaced: snapshot !== undefined };
}

/** Posts the snapshot back; says what happened, for the error message. */
async function restore(
  client: PlatformClient,
  at: TemplateChildAddress,
  snapshot: FormModel | undefined,
): Promise<string> {
  if (!snapshot) return 'No form existed before, so nothing was lost.';
  try {
    await createForm(client, at.app, snapshot, undefined);
    return 'The previous form was restored.';
  } catch (error) {
    // A conflict means the DELETE never took effect: the old form is still there.
    if (isPlatformError(error) && error.kind === 'conflict') return 'The previous form is unchanged.';
    const why = error instanceof Error ? error.message : String(error);
    const copy = JSON.stringify(snapshot);
    return `Restoring the previous form failed too (${why}); it is lost on the platform.${
      copy.length <= 8000 ? ` Its definition was: ${copy}` : ''
    }`;
  }
}
