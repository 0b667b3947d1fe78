import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callPlatform } from './call-platform.js';
import { loadOpenApi, type OpenApiSpecs } from './load-open-api.js';
import { matchTemplate } from './match-route.js';
import { OPENAPI_FILES, openApiDirectory } from './open-api-location.js';
import * as enums from './platform-enums.js';
import * as models from './platform-models.js';
import { startPlatformSimulator, type PlatformSimulator } from './platform-simulator.js';
import { routeTable } from './route-table.js';
import { validateAgainstOpenApi } from './validate-against-open-api.js';

/**
 * The simulator against the platform's own OpenAPI files: (a) every served route is a declared operation with
 * that method, (b) the bodies the simulator accepts conform to the operation's body parameter schema, (c) its
 * answers conform to the operation's 200 response schema. A missing OpenAPI file fails the suite.
 */

const CONTRACTS = 'Comindware.Platform.Contracts';
let specs: OpenApiSpecs;

describe('the OpenAPI files', () => {
  it('are in the repository (spec/comindware, or $CMW_OPENAPI_DIR)', () => {
    for (const name of Object.values(OPENAPI_FILES)) {
      const file = path.join(openApiDirectory(), name);
      expect(existsSync(file), `missing ${file}: the contract tests need the Comindware OpenAPI files`).toBe(
        true,
      );
    }
    specs = loadOpenApi();
    expect(specs.operations.filter((operation) => operation.document === 'web_api_v1.json')).toHaveLength(
      148,
    );
  });

  it('have exactly the two duplicate operationIds the reference mentions; operations are keyed by method + path', () => {
    specs = loadOpenApi();
    expect(specs.duplicateOperationIds).toEqual({
      Account_Get: ['GET /webapi/Account', 'GET /webapi/Account/{accountId}'],
      Records_Delete: ['DELETE /webapi/Records', 'DELETE /webapi/Records/{templateGlobalAlias}'],
    });
    const keys = specs.operations.map((operation) => operation.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(validateAgainstOpenApi('DELETE', '/webapi/Records', { requestBody: ['1'] }).operation?.key).toBe(
      'DELETE /webapi/Records',
    );
    expect(validateAgainstOpenApi('DELETE', '/webapi/Records/Template@HR.Employees').operation?.key).toBe(
      'DELETE /webapi/Records/{templateGlobalAlias}',
    );
  });
});

describe('(a) routes', () => {
  it('serves only operations declared in the OpenAPI files, with the same methods and parameter names', () => {
    specs = loadOpenApi();
    const byKey = new Map(specs.operations.map((operation) => [operation.key, operation]));
    const missing: string[] = [];
    for (const route of routeTable) {
      const operation = byKey.get(`${route.method} ${route.template}`);
      if (!operation) {
        missing.push(`${route.method} ${route.template}`);
        continue;
      }
      expect(operation.document).toBe(
        route.surface === 'webapi' ? 'web_api_v1.json' : 'system_core_api.json',
      );
      const declared = operation.parameters
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => parameter.name);
      const templated = [...route.template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      expect(templated.sort()).toEqual(declared.sort());
    }
    expect(missing).toEqual([]);
    const keys = routeTable.map((route) => `${route.method} ${route.template}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('covers every Web API operation the original tools call (platform-api.md §5)', () => {
    const used = [
      'GET /webapi/Solution',
      'POST /webapi/Solution',
      'GET /webapi/RecordTemplate/List/{solutionAlias}',
      'GET /webapi/ProcessTemplate/List/{solutionAlias}',
      'GET /webapi/AccountTemplate/List/{solutionAlias}',
      'POST /webapi/RecordTemplate/{solutionAlias}',
      'PUT /webapi/RecordTemplate/{solutionAlias}',
      'GET /webapi/Attribute/List/{templateGlobalAlias}',
      'GET /webapi/Attribute/{solutionAlias}/{attributeGlobalAlias}',
      'POST /webapi/Attribute/{solutionAlias}',
      'PUT /webapi/Attribute/{solutionAlias}',
      'DELETE /webapi/Attribute/{solutionAlias}/{attributeGlobalAlias}',
      'PUT /webapi/Attribute/{solutionAlias}/{attributeGlobalAlias}/Disable',
      'PUT /webapi/Attribute/{solutionAlias}/{attributeGlobalAlias}/Enable',
      'GET /webapi/Records/{templateGlobalAlias}',
      'POST /webapi/Record/{templateGlobalAlias}',
      'PUT /webapi/Record/{recordId}',
      'GET /webapi/Form/List/{templateGlobalAlias}',
      'GET /webapi/Form/{solutionAlias}/{formGlobalAlias}',
      'POST /webapi/Form/{solutionAlias}',
      'PUT /webapi/Form/{solutionAlias}',
      'DELETE /webapi/Form/{solutionAlias}/{formGlobalAlias}',
      'GET /webapi/Dataset/List/{templateGlobalAlias}',
      'GET /webapi/Dataset/{solutionAlias}/{datasetGlobalAlias}',
      'POST /webapi/Dataset/{solutionAlias}',
      'PUT /webapi/Dataset/{solutionAlias}',
      'GET /webapi/Toolbar/List/{templateGlobalAlias}',
      'GET /webapi/Toolbar/{solutionAlias}/{toolbarGlobalAlias}',
      'POST /webapi/Toolbar/{solutionAlias}',
      'PUT /webapi/Toolbar/{solutionAlias}',
      'GET /webapi/UserCommand/List/{templateGlobalAlias}',
      'GET /webapi/UserCommand/{solutionAlias}/{userCommandGlobalAlias}',
      'POST /webapi/UserCommand/{solutionAlias}',
      'PUT /webapi/UserCommand/{solutionAlias}',
      'PUT /webapi/UserCommand/{solutionAlias}/{userCommandGlobalAlias}/Disable',
      'PUT /webapi/UserCommand/{solutionAlias}/{userCommandGlobalAlias}/Enable',
      'GET /webapi/Document/{documentId}',
      'GET /webapi/Document/{documentId}/Content',
      'GET /webapi/Image',
      'POST /webapi/Image/Create',
      'GET /webapi/Transfer/{solutionAlias}',
      'POST /webapi/Transfer/Upload',
      'POST /webapi/Transfer/{solutionAlias}/{fileId}/{publishAfterImport}/{policy}',
      'POST /api/public/system/Base/OntologyService/GetAxioms',
      'POST /api/public/system/Base/OntologyService/GetAxiomsByPredicate',
      'POST /api/public/system/Base/OntologyService/GetWithMultipleValues',
      'POST /api/public/system/Base/OntologyService/AddStatement',
      'POST /api/public/system/TeamNetwork/ObjectService/GetPropertyValues',
      'POST /api/public/system/TeamNetwork/DocumentService/SetObjectDocument',
      'POST /api/public/system/Solution/TemplateService/List',
      'POST /api/public/system/Process/ProcessAppService/List',
      'POST /api/public/system/Process/ProcessAppService/Get',
    ];
    const served = new Set(routeTable.map((route) => `${route.method} ${route.template}`));
    expect(used.filter((key) => !served.has(key))).toEqual([]);
  });

  it('binds models with exactly the properties of the OpenAPI definitions (plus documented extras)', () => {
    specs = loadOpenApi();
    const definitions = specs.rawDefinitions['web_api_v1.json'];
    const lists: [string, readonly string[]][] = [
      ['SolutionInfoModel', models.SOLUTION_KEYS],
      ['TemplateInfoModel', models.TEMPLATE_KEYS],
      ['AttributeModel', models.ATTRIBUTE_KEYS],
      ['ObjectPropertyVariantValueModel', models.VARIANT_KEYS],
      ['LocalizedTextModel', models.LOCALIZED_TEXT_KEYS],
      ['FormModel', models.FORM_KEYS],
      ['DatasetModel', models.DATASET_KEYS],
      ['ToolbarModel', models.TOOLBAR_KEYS],
      ['ToolbarItemModel', models.TOOLBAR_ITEM_KEYS],
      ['UserCommandConfigurationModel', models.USER_COMMAND_KEYS],
    ];
    for (const [model, keys] of lists) {
      const declared = Object.keys(definitions[`${CONTRACTS}.${model}`]?.properties ?? {});
      expect([...keys].sort(), model).toEqual(
        [...declared, ...(models.MODEL_KEY_EXTRAS[model] ?? [])].sort(),
      );
    }
  });

  it('validates enum values against the same members as the OpenAPI definitions', () => {
    specs = loadOpenApi();
    const definitions = specs.rawDefinitions['web_api_v1.json'];
    const member = (model: string, property: string): unknown => {
      const schema = (definitions[`${CONTRACTS}.${model}`]?.properties as Record<string, any> | undefined)?.[
        property
      ];
      return schema?.enum ?? schema?.items?.enum;
    };
    const pairs: [readonly string[], string, string][] = [
      [enums.ATTRIBUTE_TYPES, 'AttributeModel', 'type'],
      [enums.ATTRIBUTE_FORMATS, 'AttributeModel', 'format'],
      [enums.FILE_FORMATS, 'AttributeModel', 'fileFormat'],
      [enums.IMAGE_COLOR_TYPES, 'AttributeModel', 'imageColorType'],
      [enums.URI_SCHEME_FORMATS, 'AttributeModel', 'uriSchemeFormats'],
      [enums.TEMPLATE_TYPES, 'TemplateInfoModel', 'type'],
      [enums.FORM_TYPES, 'FormModel', 'type'],
      [enums.FORM_SIZES, 'FormModel', 'formSize'],
      [enums.DATASET_VIEW_TYPES, 'DatasetModel', 'viewType'],
      [enums.TOOLBAR_ITEM_TYPES, 'ToolbarItemModel', 'type'],
      [enums.ICON_TYPES, 'ToolbarItemModel', 'iconType'],
      [enums.TOOLBAR_ITEM_SEVERITIES, 'ToolbarItemModel', 'severity'],
      [enums.USER_COMMAND_CONTEXTS, 'UserCommandConfigurationModel', 'context'],
      [enums.USER_COMMAND_MULTIPLICITIES, 'UserCommandConfigurationModel', 'multiplicity'],
      [enums.USER_COMMAND_KINDS, 'UserCommandConfigurationModel', 'kind'],
      [enums.USER_COMMAND_RESULT_TYPES, 'UserCommandConfigurationModel', 'resultType'],
      [enums.NAVIGATION_TARGETS, 'UserCommandConfigurationModel', 'navigationTarget'],
      [enums.GLOBAL_ALIAS_TYPES, 'GlobalAlias', 'type'],
    ];
    for (const [list, model, property] of pairs)
      expect(list, `${model}.${property}`).toEqual(member(model, property));
    const formats = member('AttributeModel', 'format') as string[];
    expect(enums.EXTRA_ATTRIBUTE_FORMATS.filter((format) => formats.includes(format))).toEqual([]);
  });

  it('fills only the documented spec gaps: exact validation rejects them, the overlay accepts them', () => {
    const attribute = {
      globalAlias: { owner: 'Employees', type: 'Undefined', alias: 'Due' },
      type: 'DateTime',
      format: 'TimeTracker',
      fileFormat: ['DWG'],
    };
    expect(validateAgainstOpenApi('POST', '/webapi/Attribute/HR', { requestBody: attribute }).errors).toEqual(
      [],
    );
    expect(
      validateAgainstOpenApi('POST', '/webapi/Attribute/HR', { requestBody: attribute }, { overlay: false })
        .errors,
    ).toEqual([
      expect.stringMatching(/\/format must be equal to one of the allowed values/),
      expect.stringMatching(/\/fileFormat\/0 must be equal to one of the allowed values/),
    ]);
    const dataset = {
      globalAlias: { type: 'Dataset', owner: 'Employees', alias: 'x' },
      totals: [{ propertyPath: [{ type: 'Attribute' }], aggregationMethod: 'Count' }],
    };
    expect(
      validateAgainstOpenApi('PUT', '/webapi/Dataset/HR', { requestBody: { ...dataset, totals: 'nope' } })
        .errors,
    ).toEqual([expect.stringMatching(/\/totals must be array/)]);
    expect(validateAgainstOpenApi('PUT', '/webapi/Dataset/HR', { requestBody: dataset }).errors).toEqual([]);
    const toolbar = { isDefaultForForms: true, IsDefaultForForms: 'yes' };
    expect(validateAgainstOpenApi('PUT', '/webapi/Toolbar/HR', { requestBody: toolbar }).errors).toEqual([
      expect.stringMatching(/\/isDefaultForForms must be boolean/),
    ]);
    expect(
      validateAgainstOpenApi('PUT', '/webapi/Toolbar/HR', { requestBody: toolbar }, { binding: false })
        .errors,
    ).toEqual([]);
  });
});

/** Values produced by earlier contract calls (record ids, document ids, …). */
type Vars = Record<string, string>;

interface ContractCase {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string | ((vars: Vars) => string);
  /** JSON body. */
  body?: unknown;
  /** Body built from earlier results. */
  bodyOf?: (vars: Vars) => unknown;
  /** Verbatim body text (bare ids, literal null). */
  raw?: string | ((vars: Vars) => string);
  /** Keep something from the response for later cases. */
  save?: (response: any, vars: Vars) => void;
  /** The answer is raw bytes, not JSON. */
  binary?: boolean;
}

const attribute = (alias: string, fields: Record<string, unknown>) => ({
  globalAlias: { owner: 'Items', type: 'Undefined', alias },
  name: alias,
  description: `${alias} attribute`,
  isTracked: false,
  ...fields,
});
const form = (alias: string) => ({
  globalAlias: { type: 'Form', owner: 'Items', alias },
  container: { type: 'RecordTemplate', alias: 'Items' },
  name: 'Item card',
  type: 'InternalForm',
  formSize: 'Common',
  isDefault: false,
  root: {
    type: 'VerticalLayout',
    rows: [
      {
        type: 'PanelModel',
        displayName: 'Main',
        layout: {
          type: 'VerticalLayout',
          rows: [
            {
              type: 'LayoutModel',
              components: [
                {
                  type: 'FieldComponent',
                  globalAlias: { type: 'FormComponent', owner: alias, alias: `${alias}_Code` },
                  propertyPath: [{ type: 'Attribute', owner: 'Items', alias: 'Code' }],
                  label: { text: { en: 'Code', de: 'Code', ru: 'Код' }, hidden: false },
                  accessType: 'Editable',
                  width: 0,
                },
              ],
            },
          ],
        },
      },
    ],
  },
});
const dataset = {
  globalAlias: { type: 'Dataset', owner: 'Items', alias: 'ItemList' },
  container: { type: 'RecordTemplate', alias: 'Items' },
  name: 'Items',
  viewType: 'General',
  isDefault: false,
  showDisabled: false,
  columns: [
    {
      propertyPath: [{ type: 'Attribute', owner: 'Items', alias: 'Code' }],
      name: 'Code',
      layout: { flex: 1.0, width: 0.0 },
      isHidden: false,
    },
  ],
  sorting: [
    {
      propertyPath: [{ type: 'Attribute', owner: 'Items', alias: 'Code' }],
      direction: 'Desc',
      nullValuesOnTop: false,
    },
  ],
  paging: { page: 0, size: 25 },
};
const button = {
  globalAlias: { type: 'UserCommand', owner: 'Items', alias: 'Approve' },
  container: { type: 'RecordTemplate', alias: 'Items' },
  name: 'Approve',
  description: 'Approves the item',
  context: 'Record',
  multiplicity: 'OneByOne',
  kind: 'UserEvent',
  resultType: 'DataChange',
  isPrepare: false,
  skipValidation: false,
  isConfirmationActive: false,
  navigationTarget: 'Undefined',
  relatedEntityGlobalAlias: { type: 'RecordTemplate', alias: 'Items' },
  relatedAction: {
    containerGlobalAlias: { type: 'RecordTemplate', alias: 'Items' },
    templateGlobalAlias: { type: 'Undefined' },
    formGlobalAlias: { type: 'Form', owner: 'Items', alias: 'defaultForm' },
  },
};
const toolbar = {
  globalAlias: { type: 'Toolbar', owner: 'Items', alias: 'ItemBar' },
  container: { type: 'RecordTemplate', alias: 'Items' },
  name: 'Item bar',
  IsDefaultForForms: true,
  IsDefaultForLists: false,
  IsDefaultForTaskLists: false,
  items: [
    {
      action: { type: 'UserCommand', owner: 'Items', alias: 'Approve' },
      name: 'Approve',
      order: 0,
      type: 'Action',
      iconType: 'Ok',
      severity: 'None',
    },
    {
      action: { type: 'UserCommand', owner: 'Items', alias: 'create' },
      name: 'New',
      order: 1,
      type: 'Action',
      iconType: 'Plus',
      severity: 'None',
    },
  ],
};
const template = (type: string, alias: string, extra: Record<string, unknown> = {}) => ({
  globalAlias: { type, alias },
  name: alias,
  description: `${alias} template`,
  ...extra,
});

const CASES: ContractCase[] = [
  { method: 'GET', path: '/webapi/Solution' },
  {
    method: 'POST',
    path: '/webapi/Solution',
    body: { alias: 'Contract', name: 'Contract app', description: 'Contract test' },
  },
  {
    method: 'PUT',
    path: '/webapi/Solution',
    body: { alias: 'Contract', name: 'Contract app', description: 'Edited', isDefault: false },
  },
  { method: 'GET', path: '/webapi/Solution/Contract' },

  { method: 'GET', path: '/webapi//RecordTemplate/List/HR' },
  { method: 'POST', path: '/webapi/RecordTemplate/Contract', body: template('RecordTemplate', 'Items') },
  {
    method: 'PUT',
    path: '/webapi/RecordTemplate/Contract',
    body: template('RecordTemplate', 'Items', {
      isReferenceData: false,
      isTransferable: true,
      conversationDisplayConfig: {
        disableSidePanelConversations: false,
        disableWidgetConversations: false,
        prohibitedReferenceTypes: ['URI'],
        hideArchivedMessages: false,
      },
    }),
  },
  { method: 'GET', path: '/webapi/RecordTemplate/Contract/Items' },
  { method: 'PUT', path: '/webapi/RecordTemplate/Contract/Items/Disable', raw: 'null' },
  { method: 'PUT', path: '/webapi/RecordTemplate/Contract/Items/Enable', raw: 'null' },
  { method: 'GET', path: '/webapi//ProcessTemplate/List/HR' },
  {
    method: 'POST',
    path: '/webapi/ProcessTemplate/Contract',
    body: template('ProcessTemplate', 'ItemFlow', {
      relatedTemplate: { type: 'RecordTemplate', alias: 'Items' },
    }),
  },
  {
    method: 'PUT',
    path: '/webapi/ProcessTemplate/Contract',
    body: template('ProcessTemplate', 'ItemFlow', { name: 'Item flow' }),
  },
  { method: 'GET', path: '/webapi/ProcessTemplate/Contract/ItemFlow' },
  { method: 'PUT', path: '/webapi/ProcessTemplate/Contract/ItemFlow/Disable' },
  { method: 'PUT', path: '/webapi/ProcessTemplate/Contract/ItemFlow/Enable' },
  { method: 'GET', path: '/webapi//AccountTemplate/List/HR' },
  { method: 'POST', path: '/webapi/AccountTemplate/Contract', body: template('AccountTemplate', 'Staff') },
  {
    method: 'PUT',
    path: '/webapi/AccountTemplate/Contract',
    body: template('AccountTemplate', 'Staff', { name: 'Staff accounts' }),
  },
  { method: 'GET', path: '/webapi/AccountTemplate/Contract/Staff' },
  { method: 'PUT', path: '/webapi/AccountTemplate/Contract/Staff/Disable' },
  { method: 'PUT', path: '/webapi/AccountTemplate/Contract/Staff/Enable' },

  { method: 'GET', path: '/webapi/Attribute/List/Template@HR.Employees' },
  { method: 'GET', path: '/webapi/Attribute/HR/Attribute@Employees.Status' },
  {
    method: 'POST',
    path: '/webapi/Attribute/Contract',
    body: attribute('Code', {
      type: 'String',
      format: 'CustomMask',
      validationMaskRegex: '[A-Z][0-9]',
      isUnique: true,
      isIndexed: true,
      isTitle: true,
    }),
  },
  {
    method: 'POST',
    path: '/webapi/Attribute/Contract',
    body: attribute('Phone', { type: 'String', format: 'PhoneRuMask' }),
  },
  {
    method: 'POST',
    path: '/webapi/Attribute/Contract',
    body: attribute('Price', { type: 'Decimal', decimalPlaces: 2, isDigitGrouping: true, isUnique: false }),
  },
  {
    method: 'POST',
    path: '/webapi/Attribute/Contract',
    body: attribute('Due', { type: 'DateTime', format: 'DateISO', isTitle: false }),
  },
  {
    method: 'POST',
    path: '/webapi/Attribute/Contract',
    body: attribute('Spent', { type: 'Duration', format: 'DurationHM' }),
  },
  {
    method: 'POST',
    path: '/webapi/Attribute/Contract',
    body: attribute('Done', { type: 'Boolean', isCalculated: true, expression: '$Price > 0' }),
  },
  {
    method: 'POST',
    path: '/webapi/Attribute/Contract',
    body: attribute('Priority', {
      type: 'Enum',
      format: 'Badge',
      variants: [
        {
          alias: { type: 'Variant', owner: 'Priority', alias: 'high' },
          name: { ru: 'Высокий', en: 'High', de: 'Hoch' },
          color: '#FF0000',
        },
      ],
    }),
  },
  {
    method: 'POST',
    path: '/webapi/Attribute/Contract',
    body: attribute('Parent', {
      type: 'Instance',
      instanceGlobalAlias: { type: 'RecordTemplate', alias: 'Items' },
      isMultiValue: false,
    }),
  },
  {
    method: 'POST',
    path: '/webapi/Attribute/Contract',
    body: attribute('Spec', {
      type: 'Document',
      format: 'Attachment',
      fileFormat: ['Pdf', 'Docx'],
      isMultiValue: false,
      isIndexed: false,
    }),
  },
  {
    method: 'POST',
    path: '/webapi/Attribute/Contract',
    body: attribute('Picture', {
      type: 'Image',
      imageColorType: 'Original',
      imageWidth: 100,
      imageHeight: 100,
      imagePreserveAspectRatio: true,
      fileFormat: ['Png'],
    }),
  },
  {
    method: 'POST',
    path: '/webapi/Attribute/Contract',
    body: attribute('Owner', {
      type: 'Account',
      instanceGlobalAlias: { type: 'RecordTemplate', alias: '_Account' },
      isMultiValue: false,
    }),
  },
  {
    method: 'POST',
    path: '/webapi/Attribute/Contract',
    body: attribute('Reviewers', { type: 'Role', isMultiValue: true }),
  },
  { method: 'POST', path: '/webapi/Attribute/Contract', body: attribute('Sketch', { type: 'Drawing' }) },
  {
    method: 'PUT',
    path: '/webapi/Attribute/Contract',
    body: attribute('Code', {
      type: 'String',
      format: 'CustomMask',
      validationMaskRegex: '[A-Z][0-9]{1,3}',
      isUnique: true,
      isIndexed: true,
      isTitle: true,
      isDigitGrouping: false,
    }),
  },
  { method: 'PUT', path: '/webapi/Attribute/Contract/Attribute@Items.Phone/Disable', raw: 'null' },
  { method: 'PUT', path: '/webapi/Attribute/Contract/Attribute@Items.Phone/Enable', raw: 'null' },
  { method: 'DELETE', path: '/webapi/Attribute/Contract/Attribute@Items.Sketch' },

  {
    method: 'POST',
    path: '/webapi/Record/Template@Contract.Items',
    body: {
      Code: 'A1',
      Price: 10.5,
      Due: '2025-01-31T00:00:00Z',
      Spent: 'PT2H30M',
      Priority: 'high',
      Owner: 'account.1',
      Reviewers: ['role.1'],
    },
    save: (response, vars) => {
      vars.record = response;
    },
  },
  {
    method: 'POST',
    path: '/webapi/Records/Template@Contract.Items',
    bodyOf: (vars) => [{ Code: 'B1', Parent: vars.record }, { Code: 'C1' }],
    save: (response, vars) => {
      [vars.second, vars.third] = response;
    },
  },
  { method: 'GET', path: '/webapi/Records/Template@Contract.Items' },
  { method: 'GET', path: (vars) => `/webapi/Record/${vars.record}` },
  { method: 'PUT', path: (vars) => `/webapi/Record/${vars.record}`, body: { Price: 11 } },
  { method: 'PUT', path: (vars) => `/webapi/Record/${vars.record}/Disable` },
  { method: 'PUT', path: (vars) => `/webapi/Record/${vars.record}/Enable` },
  { method: 'PUT', path: '/webapi/Records/Disable', bodyOf: (vars) => [vars.second] },
  { method: 'PUT', path: '/webapi/Records/Enable', bodyOf: (vars) => [vars.second] },
  { method: 'DELETE', path: (vars) => `/webapi/Record/${vars.second}` },
  { method: 'DELETE', path: '/webapi/Records', bodyOf: (vars) => [vars.third] },

  {
    method: 'POST',
    path: '/api/public/system/TeamNetwork/DocumentService/SetObjectDocument',
    bodyOf: (vars) => ({
      objectId: vars.record,
      propertyAlias: 'Spec',
      fileName: 'spec.pdf',
      fileData: [...Buffer.from('%PDF-1.4 spec')],
      replace: true,
    }),
    save: (response, vars) => {
      vars.document = response;
    },
  },
  { method: 'GET', path: (vars) => `/webapi/Document/${vars.document}` },
  { method: 'GET', path: (vars) => `/webapi/Document/${vars.document}/Content`, binary: true },
  {
    method: 'POST',
    path: '/webapi/Image/Create',
    body: { name: 'item.png', content: Buffer.from('png bytes').toString('base64') },
    save: (response, vars) => {
      vars.image = response;
    },
  },
  {
    method: 'PUT',
    path: (vars) => `/webapi/Record/${vars.record}`,
    bodyOf: (vars) => ({ Picture: vars.image }),
  },
  { method: 'GET', path: (vars) => `/webapi/Image?imageId=${vars.image}` },
  {
    method: 'POST',
    path: '/api/public/system/TeamNetwork/ObjectService/GetPropertyValues',
    bodyOf: (vars) => ({ objects: [vars.record], propertiesByAlias: ['Spec', 'Picture', 'Code'] }),
  },

  { method: 'GET', path: '/webapi/Form/List/Template@HR.Employees' },
  { method: 'GET', path: '/webapi/Form/HR/Form@Employees.defaultForm' },
  { method: 'POST', path: '/webapi/Form/Contract', body: form('ItemCard') },
  {
    method: 'PUT',
    path: '/webapi/Form/Contract',
    body: { ...form('ItemCard'), name: 'Item card 2', formSize: 'Large' },
  },
  { method: 'GET', path: '/webapi/Form/Contract/Form@Items.ItemCard' },
  { method: 'DELETE', path: '/webapi/Form/Contract/Form@Items.ItemCard' },

  { method: 'GET', path: '/webapi/UserCommand/List/Template@HR.Employees' },
  { method: 'GET', path: '/webapi/UserCommand/HR/UserCommand@Employees.SendWelcome' },
  { method: 'POST', path: '/webapi/UserCommand/Contract', body: button },
  {
    method: 'PUT',
    path: '/webapi/UserCommand/Contract',
    body: { ...button, name: 'Approve item', isConfirmationActive: true },
  },
  { method: 'PUT', path: '/webapi/UserCommand/Contract/UserCommand@Items.Approve/Disable', body: {} },
  { method: 'PUT', path: '/webapi/UserCommand/Contract/UserCommand@Items.Approve/Enable', body: {} },

  { method: 'GET', path: '/webapi/Toolbar/List/Template@HR.Employees' },
  { method: 'GET', path: '/webapi/Toolbar/HR/Toolbar@Employees.EmployeeToolbar' },
  { method: 'POST', path: '/webapi/Toolbar/Contract', body: toolbar },
  {
    method: 'PUT',
    path: '/webapi/Toolbar/Contract',
    body: { ...toolbar, isDefaultForForms: false, isDefaultForLists: false, name: 'Item bar 2' },
  },
  { method: 'GET', path: '/webapi/Toolbar/Contract/Toolbar@Items.ItemBar' },

  { method: 'GET', path: '/webapi/Dataset/List/Template@HR.Employees' },
  { method: 'GET', path: '/webapi/Dataset/HR/Dataset@Employees.ActiveEmployees' },
  { method: 'POST', path: '/webapi/Dataset/Contract', body: dataset },
  {
    method: 'PUT',
    path: '/webapi/Dataset/Contract',
    body: {
      ...dataset,
      name: 'All items',
      toolbar: { type: 'Toolbar', owner: 'Items', alias: 'ItemBar' },
      totals: [
        {
          propertyPath: [{ type: 'Attribute', owner: 'Items', alias: 'Price' }],
          aggregationMethod: 'Sum',
          type: 'Decimal',
        },
      ],
    },
  },
  { method: 'GET', path: '/webapi/Dataset/Contract/Dataset@Items.ItemList' },
  { method: 'DELETE', path: '/webapi/Dataset/Contract/Dataset@Items.ItemList' },
  { method: 'DELETE', path: '/webapi/Toolbar/Contract/Toolbar@Items.ItemBar' },
  { method: 'DELETE', path: '/webapi/UserCommand/Contract/UserCommand@Items.Approve' },

  {
    method: 'GET',
    path: '/webapi/Transfer/Contract',
    save: (response, vars) => {
      vars.ctf = response.data;
    },
  },
  {
    method: 'POST',
    path: '/webapi/Transfer/Upload',
    bodyOf: (vars) => vars.ctf,
    save: (response, vars) => {
      vars.fileId = response;
    },
  },
  { method: 'GET', path: (vars) => `/webapi/Transfer/${vars.fileId}/Validate` },
  { method: 'POST', path: (vars) => `/webapi/Transfer/ContractCopy/${vars.fileId}/true/ApplyNew`, body: {} },

  { method: 'POST', path: '/api/public/system/Base/OntologyService/GetAxioms', raw: 'oa.11' },
  { method: 'POST', path: '/api/public/system/Base/OntologyService/GetAxioms', body: 'sln.3' },
  {
    method: 'POST',
    path: '/api/public/system/Base/OntologyService/GetWithMultipleValues',
    body: { predicate: 'cmw.container.alias', min: 1, max: 10000 },
  },
  {
    method: 'POST',
    path: '/api/public/system/Base/OntologyService/GetAxiomsByPredicate',
    body: { id: 'role.2', predicate: 'cmw.role.alias' },
  },
  {
    method: 'POST',
    path: '/api/public/system/Base/OntologyService/AddStatement',
    body: { subject: 'oa.10', predicate: 'cmw.object.name', value: 'Подразделения' },
  },
  { method: 'POST', path: '/api/public/system/Solution/TemplateService/List', body: { Type: 'Record' } },
  { method: 'POST', path: '/api/public/system/Process/ProcessAppService/List' },
  { method: 'POST', path: '/api/public/system/Process/ProcessAppService/Get', raw: 'pa.5' },

  { method: 'DELETE', path: '/webapi/ProcessTemplate/Contract/ItemFlow' },
  { method: 'DELETE', path: '/webapi/AccountTemplate/Contract/Staff' },
  { method: 'DELETE', path: '/webapi/RecordTemplate/Contract/Items' },
  { method: 'DELETE', path: '/webapi/Solution/ContractCopy' },
];

describe('(b) request bodies and (c) responses of every served operation', () => {
  let sim: PlatformSimulator;
  beforeAll(async () => {
    sim = await startPlatformSimulator({ strict: true });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('conform to the OpenAPI body parameter and 200 response schemas, for a call of every served route', async () => {
    const vars: Vars = {};
    const problems: string[] = [];
    for (const contract of CASES) {
      const path = typeof contract.path === 'function' ? contract.path(vars) : contract.path;
      const body = contract.bodyOf ? contract.bodyOf(vars) : contract.body;
      const raw = typeof contract.raw === 'function' ? contract.raw(vars) : contract.raw;
      const res = await callPlatform(
        sim,
        contract.method,
        path,
        body,
        raw === undefined ? {} : { rawBody: raw },
      );
      const label = `${contract.method} ${path}`;
      expect(res.status, `${label}: ${res.bytes.toString().slice(0, 300)}`).toBe(200);
      const sentBody = raw === undefined ? body : sim.requests.at(-1)?.body;
      let responseBody: unknown;
      if (contract.binary) expect(res.bytes.length, label).toBeGreaterThan(0);
      else {
        responseBody = res.json;
        if (path.startsWith('/webapi') && res.json && typeof res.json === 'object' && 'success' in res.json)
          expect(res.json.success, `${label}: ${res.bytes.toString().slice(0, 300)}`).toBe(true);
      }
      const result = validateAgainstOpenApi(
        contract.method,
        path,
        contract.binary ? { requestBody: sentBody } : { requestBody: sentBody, responseBody },
        { binding: false },
      );
      if (!result.valid) problems.push(`${label}\n  ${result.errors.join('\n  ')}`);
      const envelope = responseBody as { response?: unknown } | undefined;
      contract.save?.(
        path.startsWith('/webapi') && envelope && typeof envelope === 'object' && 'response' in envelope
          ? envelope.response
          : responseBody,
        vars,
      );
    }
    expect(problems).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('called every route of the route table', () => {
    const called = new Set(
      sim.requests.filter((request) => request.status === 200).map((request) => request.operation),
    );
    const uncalled = routeTable
      .map((route) => `${route.method} ${route.template}`)
      .filter((key) => !called.has(key));
    expect(uncalled).toEqual([]);
  });

  it('answers logical errors in the WebApiResponse shape with a WebApiError', async () => {
    const res = await callPlatform(sim, 'GET', '/webapi/Attribute/HR/Attribute@Employees.Ghost');
    expect(res.json).toMatchObject({
      response: null,
      success: false,
      error: { type: 'ObjectNotFoundException' },
    });
    expect(
      validateAgainstOpenApi('GET', '/webapi/Attribute/HR/Attribute@Employees.Ghost', {
        responseBody: res.json,
      }).errors,
    ).toEqual([]);
    const notFound = await callPlatform(sim, 'GET', '/webapi/Record/999999');
    expect(notFound.status).toBe(404);
    expect(
      validateAgainstOpenApi('GET', '/webapi/Record/999999', { responseBody: notFound.json }).errors,
    ).toEqual([]);
  });

  it('matches recorded paths to the OpenAPI templates the way the router does', () => {
    expect(
      matchTemplate('/webapi/Attribute/{solutionAlias}/{attributeGlobalAlias}', [
        'webapi',
        'attribute',
        'HR',
        'Attribute@Employees.Phone',
      ]),
    ).toEqual({
      solutionAlias: 'HR',
      attributeGlobalAlias: 'Attribute@Employees.Phone',
    });
    expect(validateAgainstOpenApi('GET', '/webapi/Form/List/Template@HR.Employees').operation?.key).toBe(
      'GET /webapi/Form/List/{templateGlobalAlias}',
    );
    expect(
      validateAgainstOpenApi('GET', `/webapi/Records/${encodeURIComponent('Template@Fleet.Водители')}`).valid,
    ).toBe(true);
    expect(validateAgainstOpenApi('GET', '/webapi/NoSuchThing').errors).toEqual([
      'GET /webapi/NoSuchThing: no such path in web_api_v1.json or system_core_api.json',
    ]);
  });
});
