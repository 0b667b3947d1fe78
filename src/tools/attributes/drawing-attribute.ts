import { defineAttributeTool } from './define-attribute-tool.js';

/** `edit_or_create_drawing_attribute`: a floor-plan attribute (Чертёж). */
export const drawingAttributeTool = defineAttributeTool({
  name: 'edit_or_create_drawing_attribute',
  type: 'Drawing',
  label: 'drawing (Чертёж)',
  description:
    'Create or edit a drawing attribute (RU: атрибут типа «Чертёж», планировка) of a record template: it stores floor plans based on CAD files. On edit, only the given fields change.',
  shape: {},
  calculated: false,
  createFlags: ['isTracked'],
  changes: () => ({}),
});
