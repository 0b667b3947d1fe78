/** A JSON object as it travels on the wire (camelCase keys, null-valued properties omitted). */
export type WireObject = Record<string, unknown>;

/** The three template kinds the Web API lists (`RecordTemplate`, `ProcessTemplate`, `AccountTemplate`). */
export type TemplateKind = 'Record' | 'Process' | 'Account';

/** An application (`SolutionInfoModel`), internal id `sln.N`. */
export interface SolutionEntity {
  id: string;
  alias: string;
  name: string;
  description?: string;
  isDefault: boolean;
}

/** A template (`TemplateInfoModel` minus `globalAlias`/`type`), id `oa.N` / `pa.N` / `aa.N`. */
export interface TemplateEntity {
  id: string;
  kind: TemplateKind;
  solutionId: string;
  alias: string;
  /** name, description, isDisabled, isReferenceData, isTransferable, keyProperty, relatedTemplate, … */
  model: WireObject;
}

/** Something owned by a template and addressed as `{Type}@{tpl}.{alias}`: attribute, form, dataset, … */
export interface TemplateChildEntity {
  id: string;
  templateId: string;
  alias: string;
  /** The stored wire model without `globalAlias` (rebuilt on output from templateId + alias). */
  model: WireObject;
}

/** An attribute (`AttributeModel`), id `op.N`; enum variants get ids `vv.N`. */
export interface AttributeEntity extends TemplateChildEntity {
  /** Enum variant alias → `vv.N`. */
  variantIds: Map<string, string>;
}

/** A record (numeric string id) with its attribute values keyed by the exact attribute alias. */
export interface RecordEntity {
  id: string;
  templateId: string;
  values: Map<string, unknown>;
  creator: string;
  creationDate: string;
  lastWriteDate: string;
  isDisabled: boolean;
}

/** A stored document (record file of a Document attribute). */
export interface DocumentEntity {
  id: string;
  title: string;
  extension: string;
  content: Buffer;
  creator: string;
  creationDate: string;
  revisionId: string;
}

/** A stored image (record file of an Image attribute). */
export interface ImageEntity {
  id: string;
  name: string;
  format: string;
  content: Buffer;
  creator: string;
  creationDate: string;
}

/** A user account, id `account.N`. */
export interface AccountEntity {
  id: string;
  username: string;
  fullName: string;
  mbox?: string;
  isActive: boolean;
}

/** A role, id `role.N`. */
export interface RoleEntity {
  id: string;
  alias: string;
  name: string;
}

/** A process diagram (`diagram.N`) with its elements as ontology axioms (`diagramActivity.N`). */
export interface DiagramEntity {
  id: string;
  processTemplateId: string;
  activities: { id: string; axioms: Record<string, unknown[]> }[];
}

/** A process scenario (trigger), id `trigger.N`. */
export interface TriggerEntity {
  id: string;
  alias: string;
  name: string;
}

/** A CTF file uploaded through `POST webapi/Transfer/Upload`. */
export interface UploadEntity {
  id: string;
  content: Buffer;
}

/** Prefixes of the internal `prefix.N` ids (platform-api.md §4) and the first number each one hands out. */
const FIRST_IDS: Record<string, number> = {
  sln: 3,
  oa: 10,
  pa: 5,
  aa: 2,
  op: 100,
  vv: 40,
  form: 50,
  lst: 60,
  tb: 30,
  event: 200,
  account: 1,
  role: 1,
  diagram: 300,
  diagramActivity: 24750,
  trigger: 12,
  upload: 1,
};

/** The first numeric id given to records, documents and images. */
const FIRST_OBJECT_ID = 1001;

/**
 * The simulator's in-memory platform: every collection is a Map keyed by internal id, in creation order
 * (which is the order the list endpoints answer in). Aliases are case-sensitive. Tests may read it freely;
 * writes should go through HTTP.
 */
export class PlatformState {
  readonly solutions = new Map<string, SolutionEntity>();
  readonly templates = new Map<string, TemplateEntity>();
  readonly attributes = new Map<string, AttributeEntity>();
  readonly forms = new Map<string, TemplateChildEntity>();
  readonly datasets = new Map<string, TemplateChildEntity>();
  readonly toolbars = new Map<string, TemplateChildEntity>();
  readonly userCommands = new Map<string, TemplateChildEntity>();
  readonly records = new Map<string, RecordEntity>();
  readonly documents = new Map<string, DocumentEntity>();
  readonly images = new Map<string, ImageEntity>();
  readonly accounts = new Map<string, AccountEntity>();
  readonly roles = new Map<string, RoleEntity>();
  readonly diagrams = new Map<string, DiagramEntity>();
  readonly triggers = new Map<string, TriggerEntity>();
  readonly uploads = new Map<string, UploadEntity>();
  /** Statements written by `AddStatement` that no entity field absorbed: subject → predicate → values. */
  readonly axiomOverrides = new Map<string, Map<string, unknown[]>>();
  private readonly counters = new Map<string, number>();
  private nextObjectNumber = FIRST_OBJECT_ID;

  /** Hands out the next `prefix.N` id. */
  nextId(prefix: string): string {
    const next = this.counters.get(prefix) ?? FIRST_IDS[prefix] ?? 1;
    this.counters.set(prefix, next + 1);
    return `${prefix}.${next}`;
  }

  /** Hands out the next numeric id (records, documents, images share one sequence). */
  nextObjectId(): string {
    return String(this.nextObjectNumber++);
  }

  /** Empties every collection and restarts the id sequences. */
  clear(): void {
    for (const map of [
      this.solutions,
      this.templates,
      this.attributes,
      this.forms,
      this.datasets,
      this.toolbars,
      this.userCommands,
      this.records,
      this.documents,
      this.images,
      this.accounts,
      this.roles,
      this.diagrams,
      this.triggers,
      this.uploads,
      this.axiomOverrides,
    ] as Map<string, unknown>[])
      map.clear();
    this.counters.clear();
    this.nextObjectNumber = FIRST_OBJECT_ID;
  }

  /** The application with this alias. */
  solutionByAlias(alias: string): SolutionEntity | undefined {
    for (const solution of this.solutions.values()) if (solution.alias === alias) return solution;
    return undefined;
  }

  /** The template of any kind with this alias in the application. */
  templateByAlias(solutionId: string, alias: string): TemplateEntity | undefined {
    for (const template of this.templates.values())
      if (template.solutionId === solutionId && template.alias === alias) return template;
    return undefined;
  }

  /** Templates of an application, optionally of one kind, in creation order. */
  templatesOf(solutionId: string, kind?: TemplateKind): TemplateEntity[] {
    return [...this.templates.values()].filter(
      (template) => template.solutionId === solutionId && (kind === undefined || template.kind === kind),
    );
  }

  /** Members of a template-child collection owned by the template, in creation order. */
  childrenOf<T extends TemplateChildEntity>(collection: Map<string, T>, templateId: string): T[] {
    return [...collection.values()].filter((child) => child.templateId === templateId);
  }

  /** The member of a template-child collection with this alias in the template. */
  childByAlias<T extends TemplateChildEntity>(
    collection: Map<string, T>,
    templateId: string,
    alias: string,
  ): T | undefined {
    for (const child of collection.values())
      if (child.templateId === templateId && child.alias === alias) return child;
    return undefined;
  }

  /** Deletes an attribute and its values on every record. */
  removeAttribute(attributeId: string): void {
    const attribute = this.attributes.get(attributeId);
    if (!attribute) return;
    this.attributes.delete(attributeId);
    for (const record of this.records.values())
      if (record.templateId === attribute.templateId) record.values.delete(attribute.alias);
  }

  /** Deletes a template with everything it owns (attributes, forms, datasets, toolbars, buttons, records). */
  removeTemplate(templateId: string): void {
    this.templates.delete(templateId);
    for (const collection of [
      this.attributes,
      this.forms,
      this.datasets,
      this.toolbars,
      this.userCommands,
    ] as Map<string, TemplateChildEntity>[])
      for (const [id, child] of collection) if (child.templateId === templateId) collection.delete(id);
    for (const [id, record] of this.records) if (record.templateId === templateId) this.records.delete(id);
    for (const [id, diagram] of this.diagrams)
      if (diagram.processTemplateId === templateId) this.diagrams.delete(id);
  }

  /** Deletes an application with all its templates. */
  removeSolution(solutionId: string): void {
    for (const template of this.templatesOf(solutionId)) this.removeTemplate(template.id);
    this.solutions.delete(solutionId);
  }

  /** The account with this login. */
  accountByLogin(login: string): AccountEntity | undefined {
    for (const account of this.accounts.values()) if (account.username === login) return account;
    return undefined;
  }
}
