/**
 * What each internal id prefix names (platform-api.md §4), in the words users know: `oa.193` is a record
 * template, `event.15199` a button, `lst.81` a table. Records and tasks have plain numeric ids.
 */
export const ENTITY_ID_PREFIXES: Readonly<Record<string, string>> = {
  sln: 'Application',
  oa: 'RecordTemplate',
  pa: 'ProcessTemplate',
  ra: 'RoleTemplate',
  aa: 'AccountTemplate',
  os: 'OrgStructureTemplate',
  doc: 'ProcessModelTemplate',
  op: 'Attribute',
  event: 'Button',
  form: 'Form',
  card: 'Card',
  tb: 'Toolbar',
  lst: 'Dataset',
  ds: 'Dataset',
  diagram: 'ProcessDiagram',
  diagramActivity: 'ProcessDiagramElement',
  role: 'Role',
  workspace: 'NavigationSection',
  msgt: 'MessageTemplate',
  cart: 'Cart',
  trigger: 'Scenario',
  fw: 'WidgetConfig',
  dwc: 'DesktopWidgetConfig',
  exportTemplate: 'ExportTemplate',
  component: 'DesktopComponent',
  vv: 'EnumValue',
  account: 'Account',
};

// Longest prefixes first, so `diagramActivity.5` is not read as `diagram`.
const PREFIXES = Object.keys(ENTITY_ID_PREFIXES).sort((a, b) => b.length - a.length);
const ID_PATTERN = new RegExp(`(?<![\\w.])(${PREFIXES.join('|')})\\.(\\d+)(?![\\w])`, 'g');

/** An entity id found in a URL or text. */
export interface EntityRef {
  /** `Record` for numeric record ids, else the type of its prefix. */
  readonly type: string;
  readonly id: string;
}

/**
 * The type of an internal id by its prefix, `Record` for a numeric id, undefined for anything else.
 * @param id - e.g. `oa.193`, `486482`
 */
export function entityTypeOf(id: string): string | undefined {
  if (/^\d+$/.test(id)) return 'Record';
  const match = /^([A-Za-z]+)\.\d+$/.exec(id);
  return match ? ENTITY_ID_PREFIXES[match[1] ?? ''] : undefined;
}

/** What a platform UI link says. */
export interface ParsedPlatformLink {
  /** The first segment of the hash route (`RecordType`, `solutions`, `app`, `form`, `Resolver`…). */
  readonly pageType: string | undefined;
  /** Every id found, in order, without duplicates. */
  readonly entities: readonly EntityRef[];
  /** From `#app/{App}/…` links. */
  readonly applicationSystemName?: string;
  /** From `#app/{App}/list|view/{Template}` links. */
  readonly templateSystemName?: string;
}

/**
 * Reads a platform UI link (`https://host/#RecordType/oa.193/Operation/event.15199`), a hash route
 * (`#Resolver/event.15199`) or a bare id (`oa.193`, `486482`).
 * @param urlOrId - what the user gave
 */
export function parsePlatformLink(urlOrId: string): ParsedPlatformLink {
  const text = urlOrId.trim();
  const entities: EntityRef[] = [];
  const add = (ref: EntityRef) => {
    if (!entities.some((e) => e.id === ref.id)) entities.push(ref);
  };
  if (/^\d+$/.test(text)) return { pageType: undefined, entities: [{ type: 'Record', id: text }] };

  const hashIndex = text.indexOf('#');
  const hash = hashIndex >= 0 ? safeDecode(text.slice(hashIndex + 1)) : '';
  const route = hash.replace(/^\/+/, '');
  const segments = route.split(/[/?&]/).filter((s) => s !== '');
  const pageType = hashIndex >= 0 ? segments[0] : undefined;

  for (const match of (hashIndex >= 0 ? hash : text).matchAll(ID_PATTERN)) {
    const prefix = match[1] ?? '';
    add({ type: ENTITY_ID_PREFIXES[prefix] ?? 'Unknown', id: `${prefix}.${match[2] ?? ''}` });
  }

  let applicationSystemName: string | undefined;
  let templateSystemName: string | undefined;
  if (pageType === 'app') {
    applicationSystemName = segments[1];
    templateSystemName = segments[3];
    const record = segments[2] === 'view' ? segments[4] : undefined;
    if (record && /^\d+$/.test(record)) add({ type: 'Record', id: record });
  } else if (pageType === 'form' || pageType === 'Resolver' || pageType === 'task') {
    const last = segments.at(-1);
    if (last && /^\d+$/.test(last)) add({ type: pageType === 'task' ? 'Task' : 'Record', id: last });
  }
  return {
    pageType,
    entities,
    ...(applicationSystemName ? { applicationSystemName } : {}),
    ...(templateSystemName ? { templateSystemName } : {}),
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
