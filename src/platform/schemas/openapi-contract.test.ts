import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TEXT_FORMATS } from '../../tools/attributes/text-attribute.js';
import { DATE_TIME_FORMATS } from '../../tools/attributes/date-time-attribute.js';
import { DURATION_FORMATS } from '../../tools/attributes/duration-attribute.js';
import { FILE_EXTENSION_WIRE } from '../../tools/attributes/file-extensions.js';
import { ATTRIBUTE_TYPES, attributeModelSchema, variantSchema } from './attribute-model.js';
import { globalAliasSchema, localizedTextSchema } from './global-alias.js';
import { solutionInfoSchema } from './solution-info.js';
import { conversationDisplayConfigSchema, templateInfoSchema } from './template-info.js';
import {
  columnLayoutSchema,
  columnSchema,
  DATASET_VIEW_TYPES,
  datasetModelSchema,
  sortingSchema,
} from './dataset-model.js';
import {
  exportResultsSchema,
  transferLogSchema,
  transferLogUnitSchema,
  transferSummarySchema,
} from './export-results.js';
import { documentModelSchema, fileContentSchema, imageContentSchema } from './file-models.js';
import { formModelSchema, FORM_ACCESS_TYPES, FORM_SIZES, FORM_TYPES } from './form-model.js';
import { TOOLBAR_ICONS, toolbarItemSchema, toolbarModelSchema } from './toolbar-model.js';
import {
  BUTTON_CONTEXTS,
  BUTTON_KINDS,
  BUTTON_MULTIPLICITIES,
  BUTTON_NAVIGATION_TARGETS,
  BUTTON_RESULT_TYPES,
  relatedActionSchema,
  userCommandModelSchema,
} from './user-command-model.js';
import { webApiEnvelopeSchema, webApiErrorSchema } from './web-api-envelope.js';

// A verbatim excerpt of web_api_v1.json keeps this test readable; the full OpenAPI files in spec/comindware/ prove
// the excerpt has not drifted.
const EXCERPT_PATH = 'test/platform/fixtures/web-api-v1-excerpt.json';
const FULL_PATH = 'spec/comindware/web_api_v1.json';
const SYSTEM_PATH = 'spec/comindware/system_core_api.json';

interface OpenApiSchema {
  type?: string;
  $ref?: string;
  enum?: string[];
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
}
interface Excerpt {
  definitions: Record<string, OpenApiSchema>;
  paths: Record<string, Record<string, string>>;
  systemCorePaths: Record<string, Record<string, string>>;
}
const spec = JSON.parse(readFileSync(EXCERPT_PATH, 'utf8')) as Excerpt;
const P = 'Comindware.Platform.Contracts.';
const def = (name: string): OpenApiSchema => {
  const found = spec.definitions[`${P}${name}`];
  if (!found) throw new Error(`no definition ${name}`);
  return found;
};

/** The zod schema under optional/nullable/lazy/pipe wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (let i = 0; i < 10; i += 1) {
    const d = current._zod.def as {
      type: string;
      innerType?: z.ZodType;
      getter?: () => z.ZodType;
      in?: z.ZodType;
    };
    if ((d.type === 'optional' || d.type === 'nullable') && d.innerType) current = d.innerType;
    else if (d.type === 'lazy' && d.getter) current = d.getter();
    else if (d.type === 'pipe' && d.in) current = d.in;
    else break;
  }
  return current;
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  const inner = unwrap(schema);
  if (!(inner instanceof z.ZodObject)) throw new Error('not an object schema');
  return inner.shape;
}

/** The JSON type a zod schema accepts, in OpenAPI words. */
function jsonType(schema: z.ZodType): string {
  const t = unwrap(schema)._zod.def.type;
  return t === 'int' ? 'integer' : t;
}

function openApiType(schema: OpenApiSchema): string {
  if (schema.$ref) return 'object';
  if (schema.enum) return 'string';
  return schema.type ?? 'unknown';
}

const PAIRS: [string, z.ZodType][] = [
  ['GlobalAlias', globalAliasSchema],
  ['LocalizedTextModel', localizedTextSchema],
  ['SolutionInfoModel', solutionInfoSchema],
  ['TemplateInfoModel', templateInfoSchema],
  ['ObjectConversationDisplayConfigModel', conversationDisplayConfigSchema],
  ['AttributeModel', attributeModelSchema],
  ['ObjectPropertyVariantValueModel', variantSchema],
  ['WebApiError', webApiErrorSchema],
  ['WebApiResponse[System.String]', webApiEnvelopeSchema],
  ['FormModel', formModelSchema],
  ['DatasetModel', datasetModelSchema],
  ['ColumnConfigurationModel', columnSchema],
  ['ColumnLayoutModel', columnLayoutSchema],
  ['SortingConfigurationModel', sortingSchema],
  ['ToolbarModel', toolbarModelSchema],
  ['ToolbarItemModel', toolbarItemSchema],
  ['UserCommandConfigurationModel', userCommandModelSchema],
  ['UserCommandRelatedActionModel', relatedActionSchema],
  ['DocumentModel', documentModelSchema],
  ['ImageContentModel', imageContentSchema],
  ['FileContentModel', fileContentSchema],
  ['ExportResults', exportResultsSchema],
  ['TransferSummary', transferSummarySchema],
  ['TransferLogModel', transferLogSchema],
  ['TransferLogUnitModel', transferLogUnitSchema],
];

describe('zod schemas against web_api_v1.json', () => {
  it.each(PAIRS)(
    '%s has exactly the properties of the OpenAPI definition, with matching types',
    (name, schema) => {
      const properties = def(name).properties ?? {};
      const shape = shapeOf(schema);
      expect(Object.keys(shape).sort()).toEqual(Object.keys(properties).sort());
      for (const [key, property] of Object.entries(properties)) {
        const want = openApiType(property);
        const got = jsonType(shape[key]!);
        if (key === 'response') continue; // generic T
        if (want === 'integer' || want === 'number') expect(got, `${name}.${key}`).toBe('number');
        else expect(got, `${name}.${key}`).toBe(want);
      }
    },
  );

  it('uses attribute types, formats and aliases the spec knows (TimeTracker is the documented exception)', () => {
    const attribute = def('AttributeModel').properties!;
    expect(attribute.type!.enum).toEqual(expect.arrayContaining([...ATTRIBUTE_TYPES]));
    const formats = new Set(attribute.format!.enum);
    const extra = [...TEXT_FORMATS, ...DATE_TIME_FORMATS, ...DURATION_FORMATS].filter((f) => !formats.has(f));
    expect(extra).toEqual(['TimeTracker']);
    for (const f of ['Attachment', 'SignedDocument', 'InlineDocument', 'Text', 'Indicator', 'Badge'])
      expect(formats.has(f), f).toBe(true);
    expect(attribute.imageColorType!.enum).toEqual(
      expect.arrayContaining(['Original', 'Bitonal', 'GreyScale']),
    );
    const aliasTypes = def('GlobalAlias').properties!.type!.enum!;
    expect(aliasTypes).toEqual(
      expect.arrayContaining(['Undefined', 'RecordTemplate', 'Attribute', 'Variant']),
    );
  });

  it('offers exactly the enum values of the form, dataset, toolbar and button models', () => {
    const enumOf = (model: string, property: string) => def(model).properties![property]!.enum;
    expect(enumOf('FormModel', 'type')).toEqual([...FORM_TYPES]);
    expect(enumOf('FormModel', 'formSize')).toEqual([...FORM_SIZES]);
    expect(enumOf('DatasetModel', 'viewType')).toEqual([...DATASET_VIEW_TYPES]);
    expect(enumOf('ToolbarItemModel', 'iconType')).toEqual([...TOOLBAR_ICONS]);
    expect(enumOf('UserCommandConfigurationModel', 'kind')).toEqual([...BUTTON_KINDS]);
    expect(enumOf('UserCommandConfigurationModel', 'context')).toEqual([...BUTTON_CONTEXTS]);
    expect(enumOf('UserCommandConfigurationModel', 'multiplicity')).toEqual([...BUTTON_MULTIPLICITIES]);
    expect(enumOf('UserCommandConfigurationModel', 'resultType')).toEqual([...BUTTON_RESULT_TYPES]);
    expect(enumOf('UserCommandConfigurationModel', 'navigationTarget')).toEqual([
      ...BUTTON_NAVIGATION_TARGETS,
    ]);
    expect(FORM_ACCESS_TYPES).toEqual(['Undefined', 'Hidden', 'Readonly', 'Editable', 'Required']);
  });

  it('sends file formats the spec knows, except the three it lacks', () => {
    const members = new Set(def('AttributeModel').properties!.fileFormat!.items!.enum);
    const outside = Object.values(FILE_EXTENSION_WIRE).filter((v) => !members.has(v));
    expect(outside.sort()).toEqual(['BPMN', 'DWG', 'ICO']);
  });

  it('calls only routes the spec declares', () => {
    const webApi: [string, string][] = [
      ['/webapi/Solution', 'get'],
      ['/webapi/Solution', 'post'],
      ['/webapi/RecordTemplate/List/{solutionAlias}', 'get'],
      ['/webapi/ProcessTemplate/List/{solutionAlias}', 'get'],
      ['/webapi/AccountTemplate/List/{solutionAlias}', 'get'],
      ['/webapi/RecordTemplate/{solutionAlias}', 'post'],
      ['/webapi/RecordTemplate/{solutionAlias}', 'put'],
      ['/webapi/Attribute/List/{templateGlobalAlias}', 'get'],
      ['/webapi/Attribute/{solutionAlias}', 'post'],
      ['/webapi/Attribute/{solutionAlias}', 'put'],
      ['/webapi/Attribute/{solutionAlias}/{attributeGlobalAlias}', 'get'],
      ['/webapi/Attribute/{solutionAlias}/{attributeGlobalAlias}', 'delete'],
      ['/webapi/Attribute/{solutionAlias}/{attributeGlobalAlias}/Disable', 'put'],
      ['/webapi/Attribute/{solutionAlias}/{attributeGlobalAlias}/Enable', 'put'],
      ['/webapi/Record/{recordId}', 'get'],
      ['/webapi/Record/{recordId}', 'put'],
      ['/webapi/Records/{templateGlobalAlias}', 'get'],
      ['/webapi/Record/{templateGlobalAlias}', 'post'],
      ['/webapi/Document/{documentId}', 'get'],
      ['/webapi/Document/{documentId}/Content', 'get'],
      ['/webapi/Image', 'get'],
      ['/webapi/Image/Create', 'post'],
      ...['Form', 'Dataset', 'Toolbar', 'UserCommand'].flatMap((type): [string, string][] => [
        [`/webapi/${type}/List/{templateGlobalAlias}`, 'get'],
        [`/webapi/${type}/{solutionAlias}`, 'post'],
        [`/webapi/${type}/{solutionAlias}`, 'put'],
        [
          `/webapi/${type}/{solutionAlias}/{${type.charAt(0).toLowerCase()}${type.slice(1)}GlobalAlias}`,
          'get',
        ],
      ]),
      ['/webapi/Form/{solutionAlias}/{formGlobalAlias}', 'delete'],
      ['/webapi/UserCommand/{solutionAlias}/{userCommandGlobalAlias}/Disable', 'put'],
      ['/webapi/UserCommand/{solutionAlias}/{userCommandGlobalAlias}/Enable', 'put'],
      ['/webapi/Transfer/{solutionAlias}', 'get'],
    ];
    for (const [path, method] of webApi)
      expect(spec.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    for (const path of [
      '/Base/OntologyService/GetAxioms',
      '/Base/OntologyService/GetWithMultipleValues',
      '/Base/OntologyService/GetAxiomsByPredicate',
      '/Solution/TemplateService/List',
      '/Process/ProcessAppService/List',
      '/Process/ProcessAppService/Get',
      '/TeamNetwork/ObjectService/GetPropertyValues',
      '/TeamNetwork/DocumentService/SetObjectDocument',
    ])
      expect(spec.systemCorePaths[path]?.post, path).toBeDefined();
  });

  it('the excerpt matches the full OpenAPI files in spec/comindware', () => {
    const full = JSON.parse(readFileSync(FULL_PATH, 'utf8')) as {
      definitions: Record<string, unknown>;
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    for (const [name, value] of Object.entries(spec.definitions))
      expect(value, name).toEqual(full.definitions[name]);
    for (const [path, methods] of Object.entries(spec.paths))
      for (const [method, operationId] of Object.entries(methods))
        expect(full.paths[path]?.[method]?.operationId).toBe(operationId);
    const system = JSON.parse(readFileSync(SYSTEM_PATH, 'utf8')) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    for (const [path, methods] of Object.entries(spec.systemCorePaths))
      for (const [method, operationId] of Object.entries(methods))
        expect(system.paths[path]?.[method]?.operationId).toBe(operationId);
  });
});

// Wire samples from platform-api.md §6 (recorded on live tenants), checked against the zod schemas and the
// OpenAPI definitions alike.
const SAMPLES = {
  solutions: {
    response: [
      {
        alias: 'Fleetmanagement',
        name: 'Fleetmanagement',
        description: 'Управление автопарком\n',
        isDefault: false,
      },
      { alias: 'Тестинтеграций', name: 'Тест интеграций', isDefault: false },
    ],
    success: true,
  },
  templates: {
    response: [
      {
        name: 'Автомобили',
        globalAlias: { type: 'RecordTemplate', alias: 'Cars' },
        isDisabled: false,
        isReferenceData: false,
        isTransferable: false,
        type: 'Record',
        conversationDisplayConfig: {
          disableSidePanelConversations: true,
          disableWidgetConversations: true,
          prohibitedReferenceTypes: ['Attachment'],
          hideArchivedMessages: true,
        },
      },
      {
        name: 'Single Task Process',
        globalAlias: { type: 'ProcessTemplate', alias: 'SingleTaskProcess' },
        relatedTemplate: { type: 'RecordTemplate', alias: 'Clients' },
        type: 'Process',
      },
    ],
    success: true,
  },
  attributes: {
    response: [
      {
        globalAlias: { type: 'Attribute', owner: 'Cars', alias: '_processes' },
        type: 'Process',
        format: 'Link',
        name: 'Related Processes',
        description: 'Экземпляры процесса, связанные с данной записью',
        isSystem: true,
        isDisabled: false,
        isTracked: true,
        isReadonly: true,
      },
      {
        globalAlias: { type: 'Attribute', owner: 'Cars', alias: 'LicensePlate' },
        type: 'String',
        format: 'LicensePlateNumberRuMask',
        name: 'Государственный номер',
        isUnique: true,
        isIndexed: true,
      },
      {
        globalAlias: { type: 'Attribute', owner: 'CarRequests', alias: 'Car' },
        type: 'Instance',
        instanceGlobalAlias: { type: 'RecordTemplate', alias: 'Cars' },
        isMultiValue: false,
      },
      {
        globalAlias: { type: 'Attribute', owner: 'Tasks', alias: 'Status' },
        type: 'Enum',
        format: 'Badge',
        variants: [
          {
            alias: { type: 'Variant', owner: 'Status', alias: 'status_active' },
            name: { ru: 'Активен', en: 'Active', de: 'Aktiv' },
            color: '#4CAF50',
          },
        ],
      },
    ],
    success: true,
  },
  created: { response: 'LicensePlate', success: true },
  rejected: {
    response: null,
    error: {
      message: '',
      type: 'RequestedOperationFailedException',
      inner: { message: '', type: 'InterceptedException' },
    },
    success: false,
  },
};

describe('recorded wire samples', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'webapi', definitions: spec.definitions });
  const validator = (name: string) => {
    const validate = ajv.getSchema(`webapi#/definitions/${encodeURIComponent(`${P}${name}`)}`);
    if (!validate) throw new Error(`no validator for ${name}`);
    return (value: unknown) => {
      const ok = validate(value);
      return ok ? 'valid' : JSON.stringify(validate.errors);
    };
  };

  it('validate against the OpenAPI definitions', () => {
    expect(validator(`WebApiResponse[${P}SolutionInfoModel[]]`)(SAMPLES.solutions)).toBe('valid');
    expect(validator(`WebApiResponse[${P}TemplateInfoModel[]]`)(SAMPLES.templates)).toBe('valid');
    expect(validator(`WebApiResponse[${P}AttributeModel[]]`)(SAMPLES.attributes)).toBe('valid');
    expect(validator('WebApiResponse[System.String]')(SAMPLES.created)).toBe('valid');
    // The spec allows no nulls (a known gap, platform-api.md §5): the recorded `response: null` is the only
    // difference, which is why every zod field is nullish.
    expect(validator('WebApiResponse[System.Object]')(SAMPLES.rejected)).toMatch(/response.*must be object/);
    const { response: _null, ...withoutNull } = SAMPLES.rejected;
    expect(validator('WebApiResponse[System.Object]')(withoutNull)).toBe('valid');
  });

  it('parse with the zod schemas without losing fields', () => {
    expect(z.array(solutionInfoSchema).parse(SAMPLES.solutions.response)).toEqual(SAMPLES.solutions.response);
    expect(z.array(templateInfoSchema).parse(SAMPLES.templates.response)).toEqual(SAMPLES.templates.response);
    expect(z.array(attributeModelSchema).parse(SAMPLES.attributes.response)).toEqual(
      SAMPLES.attributes.response,
    );
    expect(webApiEnvelopeSchema.parse(SAMPLES.rejected)).toEqual(SAMPLES.rejected);
  });

  it('attribute bodies the tools send validate against AttributeModel (file formats aside)', () => {
    const body = {
      globalAlias: { owner: 'Cars', type: 'Undefined', alias: 'Manual' },
      type: 'Document',
      format: 'Attachment',
      name: 'Manual',
      isIndexed: false,
      isMultiValue: true,
      isTracked: false,
      fileFormat: ['Pdf', 'Docx', 'Jpeg', 'Targz'],
    };
    expect(validator('AttributeModel')(body)).toBe('valid');
    expect(attributeModelSchema.parse(body)).toEqual(body);
  });
});
