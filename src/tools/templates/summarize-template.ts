import type { TemplateInfo } from '../../platform/schemas/template-info.js';
import { compact } from '../compact.js';

/**
 * A template in the compact form tools answer with (`globalAlias` flattened to `alias`).
 * @param t - the template as the platform returned it
 */
export function summarizeTemplate(t: TemplateInfo): Record<string, unknown> {
  return compact({
    alias: t.globalAlias?.alias,
    name: t.name,
    description: t.description,
    type: t.type,
    isDisabled: t.isDisabled,
    relatedTemplate: t.relatedTemplate?.alias,
    isReferenceData: t.isReferenceData || undefined,
    keyProperty: t.keyProperty,
  });
}
