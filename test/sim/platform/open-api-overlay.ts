import { EXTRA_ATTRIBUTE_FORMATS, EXTRA_FILE_FORMATS } from './platform-enums.js';

const CONTRACTS = 'Comindware.Platform.Contracts';

type Definitions = Record<string, Record<string, unknown>>;

function property(
  definitions: Definitions,
  model: string,
  name: string,
): Record<string, unknown> | undefined {
  const properties = definitions[`${CONTRACTS}.${model}`]?.properties as
    Record<string, Record<string, unknown>> | undefined;
  return properties?.[name];
}

/**
 * Documented gaps of web_api_v1.json that the tools rely on (platform-api.md §3.3, §3.7, §5 "enum widening"),
 * applied to a copy of the definitions unless validation is asked to be exact:
 * - `AttributeModel.format` gains `TimeTracker` (sent by the date/time tool);
 * - `AttributeModel.fileFormat` items gain the tools' upper-case extensions that match no member even
 *   case-insensitively (`JPG`, `DWG`, `BPMN`, `TAR.GZ(TGZ)`, `TAR.BZ2`, `ICO`);
 * - `DatasetModel` gains `totals[] {propertyPath, aggregationMethod, type}` (sent by the dataset tool).
 */
export function applyOpenApiOverlay(definitions: Definitions): void {
  const format = property(definitions, 'AttributeModel', 'format');
  if (Array.isArray(format?.enum)) format.enum = [...(format.enum as string[]), ...EXTRA_ATTRIBUTE_FORMATS];
  const fileFormatItems = property(definitions, 'AttributeModel', 'fileFormat')?.items as
    Record<string, unknown> | undefined;
  if (Array.isArray(fileFormatItems?.enum))
    fileFormatItems.enum = [...(fileFormatItems.enum as string[]), ...EXTRA_FILE_FORMATS];
  const dataset = definitions[`${CONTRACTS}.DatasetModel`]?.properties as Record<string, unknown> | undefined;
  if (dataset)
    dataset.totals = {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          propertyPath: { type: 'array', items: { $ref: `#/definitions/${CONTRACTS}.GlobalAlias` } },
          aggregationMethod: { type: 'string' },
          type: { type: 'string' },
        },
      },
    };
}
