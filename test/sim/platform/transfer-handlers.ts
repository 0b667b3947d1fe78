import { randomUUID } from 'node:crypto';
import { attributeToWire, buildAttributeModel } from './attribute-model.js';
import { isJsonObject } from './bind-model.js';
import { datasetKind } from './dataset-handlers.js';
import { read } from './field-readers.js';
import { formKind } from './form-handlers.js';
import type {
  PlatformState,
  SolutionEntity,
  TemplateEntity,
  TemplateKind,
  WireObject,
} from './platform-state.js';
import { decodeBase64 } from './record-file-handlers.js';
import { requireSolution, requireValidAlias } from './require-entity.js';
import { webApiRoute, type Route } from './route.js';
import { createTemplateDefaults, withAttributeFlags } from './template-defaults.js';
import { templateChildToWire, type TemplateChildKind } from './template-child-routes.js';
import { templateToWire } from './template-handlers.js';
import { toolbarKind } from './toolbar-handlers.js';
import { userCommandKind } from './user-command-handlers.js';
import { WebApiFailure } from './web-api-failure.js';
import { createZip, readZip, type ZipEntry } from './zip-archive.js';

const TEMPLATE_FOLDERS: Record<TemplateKind, string> = {
  Record: 'RecordTemplates',
  Process: 'ProcessTemplates',
  Account: 'AccountTemplates',
};
/** Import order: buttons before toolbars (items point at buttons), toolbars before datasets. */
const CHILD_KINDS: { folder: string; kind: TemplateChildKind }[] = [
  { folder: 'UserCommands', kind: userCommandKind },
  { folder: 'Toolbars', kind: toolbarKind },
  { folder: 'Forms', kind: formKind },
  { folder: 'Datasets', kind: datasetKind },
];
const POLICIES = ['ApplyNew', 'ApplyChanges'] as const;

function recase(value: unknown, change: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => recase(item, change));
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [change(key), recase(item, change)]));
}
const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);
const camel = (key: string) => key.charAt(0).toLowerCase() + key.slice(1);

function jsonEntry(name: string, value: unknown): ZipEntry {
  return { name, data: Buffer.from(JSON.stringify(recase(value, pascal), null, 2), 'utf8') };
}

function elapsed(startedAt: number): string {
  const ticks = Math.max(0, Date.now() - startedAt) * 10_000;
  const seconds = Math.floor(ticks / 10_000_000);
  return `00:00:${String(seconds).padStart(2, '0')}.${String(ticks % 10_000_000).padStart(7, '0')}`;
}

/**
 * The CTF of an application: a ZIP of JSON files with PascalCase keys, `<App>/Solution.json`,
 * `<App>/RecordTemplates/<Tpl>/Template.json`, `…/Attributes/<Attr>.json` (user attributes), `…/Forms/`,
 * `…/Datasets/`, `…/Toolbars/`, `…/UserCommands/` (platform-api.md §3.10). Records are not exported.
 */
export function exportSolution(
  state: PlatformState,
  solution: SolutionEntity,
): { archive: Buffer; files: number } {
  const root = solution.alias;
  const entries: ZipEntry[] = [
    jsonEntry(`${root}/Solution.json`, {
      alias: solution.alias,
      name: solution.name,
      description: solution.description,
      isDefault: solution.isDefault,
    }),
  ];
  for (const template of state.templatesOf(solution.id)) {
    const folder = `${root}/${TEMPLATE_FOLDERS[template.kind]}/${template.alias}`;
    entries.push(jsonEntry(`${folder}/Template.json`, templateToWire(template)));
    for (const attribute of state.childrenOf(state.attributes, template.id))
      if (attribute.model.isSystem !== true)
        entries.push(
          jsonEntry(`${folder}/Attributes/${attribute.alias}.json`, attributeToWire(attribute, template)),
        );
    for (const { folder: childFolder, kind } of CHILD_KINDS)
      for (const child of state.childrenOf(kind.collection(state), template.id))
        entries.push(
          jsonEntry(
            `${folder}/${childFolder}/${child.alias}.json`,
            templateChildToWire(kind, child, template),
          ),
        );
  }
  return { archive: createZip(entries), files: entries.length };
}

interface ParsedCtf {
  solution: WireObject;
  templates: { kind: TemplateKind; alias: string; model: WireObject; folder: string }[];
  files: Map<string, WireObject>;
}

function parseCtf(content: Buffer): ParsedCtf {
  let entries: ZipEntry[];
  try {
    entries = readZip(content);
  } catch (error) {
    throw WebApiFailure.invalid(`The file is not a valid application archive: ${(error as Error).message}`);
  }
  const files = new Map<string, WireObject>();
  for (const entry of entries) {
    if (!entry.name.endsWith('.json')) continue;
    try {
      const value = recase(JSON.parse(entry.data.toString('utf8')), camel);
      if (isJsonObject(value)) files.set(entry.name, value);
    } catch {
      throw WebApiFailure.invalid(`The archive entry ${entry.name} is not valid JSON`);
    }
  }
  const solutionFile = [...files.keys()].find((name) => /^[^/]+\/Solution\.json$/.test(name));
  const solution = solutionFile && files.get(solutionFile);
  if (!solution) throw WebApiFailure.invalid('The archive has no <App>/Solution.json');
  const templates: ParsedCtf['templates'] = [];
  for (const [name, model] of files) {
    const match =
      /^[^/]+\/(RecordTemplates|ProcessTemplates|AccountTemplates)\/([^/]+)\/Template\.json$/.exec(name);
    if (!match?.[1] || !match[2]) continue;
    const kind = (Object.keys(TEMPLATE_FOLDERS) as TemplateKind[]).find(
      (key) => TEMPLATE_FOLDERS[key] === match[1],
    );
    if (kind)
      templates.push({ kind, alias: match[2], model, folder: name.slice(0, -'Template.json'.length) });
  }
  templates.sort((a, b) => (a.kind === 'Record' ? 0 : 1) - (b.kind === 'Record' ? 0 : 1));
  return { solution, templates, files };
}

function filesUnder(parsed: ParsedCtf, folder: string): WireObject[] {
  return [...parsed.files.entries()]
    .filter(([name]) => name.startsWith(folder) && !name.slice(folder.length).includes('/'))
    .map(([, value]) => value);
}

/** Applies a parsed CTF to the application (created for ApplyNew, updated for ApplyChanges). */
function importCtf(state: PlatformState, solution: SolutionEntity, parsed: ParsedCtf): number {
  let count = 0;
  const imported: { template: TemplateEntity; folder: string }[] = [];
  for (const entry of parsed.templates) {
    let template = state.templateByAlias(solution.id, entry.alias);
    if (template && template.kind !== entry.kind)
      throw WebApiFailure.duplicateAlias(entry.alias, `the application ${solution.alias}`);
    if (!template) {
      const prefix = entry.kind === 'Record' ? 'oa' : entry.kind === 'Process' ? 'pa' : 'aa';
      template = {
        id: state.nextId(prefix),
        kind: entry.kind,
        solutionId: solution.id,
        alias: entry.alias,
        model: {},
      };
      state.templates.set(template.id, template);
      createTemplateDefaults(state, template);
    }
    const { globalAlias: _globalAlias, type: _type, ...model } = entry.model;
    template.model = { ...template.model, ...model };
    imported.push({ template, folder: entry.folder });
    count++;
  }
  for (const { template, folder } of imported) {
    const attributes = filesUnder(parsed, `${folder}Attributes/`);
    const ordered = [
      ...attributes.filter((body) => body.type !== 'Instance'),
      ...attributes.filter((body) => body.type === 'Instance'),
    ];
    for (const body of ordered) {
      const alias = requireValidAlias(isJsonObject(body.globalAlias) ? body.globalAlias.alias : undefined);
      const existing = state.childByAlias(state.attributes, template.id, alias);
      if (existing?.model.isSystem === true) continue;
      const built = buildAttributeModel(state, template, body, existing);
      if (existing) {
        existing.model = withAttributeFlags(built.model);
        existing.variantIds = built.variantIds;
      } else {
        const id = state.nextId('op');
        state.attributes.set(id, {
          id,
          templateId: template.id,
          alias,
          model: withAttributeFlags(built.model),
          variantIds: built.variantIds,
        });
      }
      count++;
    }
  }
  for (const { folder: childFolder, kind } of CHILD_KINDS)
    for (const { template, folder } of imported)
      for (const body of filesUnder(parsed, `${folder}${childFolder}/`)) {
        const alias = requireValidAlias(isJsonObject(body.globalAlias) ? body.globalAlias.alias : undefined);
        const collection = kind.collection(state);
        const existing = state.childByAlias(collection, template.id, alias);
        const model = kind.build({ state, template, alias, bound: body, ...(existing ? { existing } : {}) });
        if (existing)
          existing.model = existing.model.isSystem === true ? { ...model, isSystem: true } : model;
        else {
          const id = state.nextId(kind.idPrefix);
          collection.set(id, { id, templateId: template.id, alias, model });
        }
        count++;
      }
  return count;
}

/** Application export and import (CTF): export, upload, validate, import with ApplyNew/ApplyChanges. */
export const transferRoutes: Route[] = [
  webApiRoute(
    'GET',
    '/webapi/Transfer/{solutionAlias}',
    'export an application: response.data = base64 ZIP of JSON files, response.summary',
    ({ state, params }) => {
      const startedAt = Date.now();
      const solution = requireSolution(state, params.solutionAlias ?? '');
      const { archive, files } = exportSolution(state, solution);
      return {
        data: archive.toString('base64'),
        summary: {
          solutionAlias: solution.alias,
          resultMessage: 'Export completed successfully',
          elapsedTime: elapsed(startedAt),
          transferLog: { units: [{ message: `Exported ${files} files`, type: 'Info' }] },
        },
      };
    },
  ),
  webApiRoute(
    'POST',
    '/webapi/Transfer/Upload',
    'upload a CTF (body: JSON string with the base64 ZIP); response = file id',
    ({ state, body }) => {
      if (typeof body !== 'string' || body === '') throw WebApiFailure.nullArgument('file');
      const id = randomUUID();
      state.uploads.set(id, { id, content: decodeBase64(body, 'file') });
      return id;
    },
  ),
  webApiRoute(
    'GET',
    '/webapi/Transfer/{fileId}/Validate',
    'validate an uploaded CTF',
    ({ state, params }) => {
      const upload = state.uploads.get(params.fileId ?? '');
      if (!upload) throw WebApiFailure.notFound(`Uploaded file ${params.fileId ?? ''}`);
      try {
        const parsed = parseCtf(upload.content);
        return {
          summaryMessage: 'Validation completed successfully',
          transferLog: { units: [{ message: `${parsed.templates.length} templates`, type: 'Info' }] },
        };
      } catch (error) {
        return {
          summaryMessage: 'Validation failed',
          transferLog: { units: [{ message: (error as Error).message, type: 'Error' }] },
        };
      }
    },
  ),
  webApiRoute(
    'POST',
    '/webapi/Transfer/{solutionAlias}/{fileId}/{publishAfterImport}/{policy}',
    'import an uploaded CTF: ApplyNew creates the application, ApplyChanges updates it (upserts, no deletes)',
    ({ state, params }) => {
      const startedAt = Date.now();
      const upload = state.uploads.get(params.fileId ?? '');
      if (!upload) throw WebApiFailure.notFound(`Uploaded file ${params.fileId ?? ''}`);
      read.boolean(params.publishAfterImport, 'publishAfterImport');
      const policy = read.enumValue(params.policy, POLICIES, 'Comindware.Platform.Contracts.TransferPolicy');
      const parsed = parseCtf(upload.content);
      const alias = requireValidAlias(params.solutionAlias);
      let solution = state.solutionByAlias(alias);
      if (policy === 'ApplyNew') {
        if (solution) throw WebApiFailure.duplicateAlias(alias, 'the applications');
        solution = { id: state.nextId('sln'), alias, name: alias, isDefault: false };
        state.solutions.set(solution.id, solution);
      } else if (!solution) throw WebApiFailure.unknownSolution(alias);
      solution.name = read.text(parsed.solution.name, 'name') ?? solution.name;
      const description = read.text(parsed.solution.description, 'description');
      if (description !== undefined) solution.description = description;
      const count = importCtf(state, solution, parsed);
      return {
        solutionAlias: solution.alias,
        resultMessage: 'Import completed successfully',
        elapsedTime: elapsed(startedAt),
        transferLog: { units: [{ message: `Imported ${count} objects`, type: 'Info' }] },
      };
    },
  ),
];
