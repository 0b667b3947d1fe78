import { buildAttributeModel } from './attribute-model.js';
import { datasetKind } from './dataset-handlers.js';
import { formKind } from './form-handlers.js';
import type { PlatformUser } from './check-basic-auth.js';
import type {
  PlatformState,
  RecordEntity,
  SolutionEntity,
  TemplateEntity,
  TemplateKind,
  WireObject,
} from './platform-state.js';
import type { DiagramElementSpec } from './process-diagram.js';
import { writeRecordValues } from './record-values.js';
import { SEED_PDF, SEED_PNG } from './seed-files.js';
import type { TemplateChildKind } from './template-child-routes.js';
import { createTemplateDefaults, withAttributeFlags } from './template-defaults.js';
import { toolbarKind } from './toolbar-handlers.js';
import { userCommandKind } from './user-command-handlers.js';

/** The main identifiers of the seed (deterministic: the id sequences restart on every reset). */
export const SEED = {
  /** Accounts: `account.1` is `admin`, `account.2` the HR manager. */
  accounts: { admin: 'account.1', hrManager: 'account.2' },
  roles: { administrators: 'role.1', hrManagers: 'role.2' },
  hr: {
    alias: 'HR',
    id: 'sln.3',
    templates: {
      departments: 'Departments',
      employees: 'Employees',
      vacationRequest: 'VacationRequest',
      staff: 'HRStaff',
    },
    templateIds: { departments: 'oa.10', employees: 'oa.11', vacationRequest: 'pa.5', staff: 'aa.2' },
  },
  fleet: {
    alias: 'Fleet',
    id: 'sln.4',
    templates: { cars: 'Cars', drivers: 'Водители' },
    templateIds: { cars: 'oa.12', drivers: 'oa.13' },
  },
  /** Record ids (numeric strings); documents and images share the sequence. */
  records: {
    hrDepartment: '1001',
    engineering: '1002',
    accounting: '1003',
    ivanov: '1006',
    smith: '1007',
    petrova: '1008',
    car: '1009',
    driver: '1010',
  },
  documents: { ivanovContract: '1004' },
  images: { smithPhoto: '1005' },
  /** Enum values of `Employees.Status`. */
  statusVariants: { active: 'vv.40', vacation: 'vv.41', dismissed: 'vv.42' },
} as const;

const SEED_DATE = '2025-09-01T09:00:00Z';

function addSolution(state: PlatformState, alias: string, name: string, description: string): SolutionEntity {
  const solution: SolutionEntity = { id: state.nextId('sln'), alias, name, description, isDefault: false };
  state.solutions.set(solution.id, solution);
  return solution;
}

function addTemplate(
  state: PlatformState,
  solution: SolutionEntity,
  kind: TemplateKind,
  alias: string,
  model: WireObject,
  diagram?: DiagramElementSpec[],
): TemplateEntity {
  const prefix = kind === 'Record' ? 'oa' : kind === 'Process' ? 'pa' : 'aa';
  const template: TemplateEntity = {
    id: state.nextId(prefix),
    kind,
    solutionId: solution.id,
    alias,
    model: {
      isDisabled: false,
      isReferenceData: false,
      isTransferable: false,
      conversationDisplayConfig: {
        disableSidePanelConversations: true,
        disableWidgetConversations: true,
        prohibitedReferenceTypes: ['Attachment'],
        hideArchivedMessages: true,
      },
      ...model,
    },
  };
  state.templates.set(template.id, template);
  createTemplateDefaults(state, template, diagram);
  return template;
}

function addAttribute(state: PlatformState, template: TemplateEntity, alias: string, body: WireObject): void {
  const built = buildAttributeModel(state, template, {
    globalAlias: { type: 'Undefined', owner: template.alias, alias },
    ...body,
  });
  const id = state.nextId('op');
  state.attributes.set(id, {
    id,
    templateId: template.id,
    alias,
    model: withAttributeFlags(built.model),
    variantIds: built.variantIds,
  });
}

function addRecord(
  state: PlatformState,
  template: TemplateEntity,
  values: WireObject,
  creator: string = SEED.accounts.admin,
): string {
  const record: RecordEntity = {
    id: state.nextObjectId(),
    templateId: template.id,
    values: new Map(),
    creator,
    creationDate: SEED_DATE,
    lastWriteDate: SEED_DATE,
    isDisabled: false,
  };
  writeRecordValues(state, template, record, values);
  state.records.set(record.id, record);
  return record.id;
}

function upsertChild(
  state: PlatformState,
  kind: TemplateChildKind,
  template: TemplateEntity,
  alias: string,
  body: WireObject,
): void {
  const collection = kind.collection(state);
  const existing = state.childByAlias(collection, template.id, alias);
  const model = kind.build({ state, template, alias, bound: body, ...(existing ? { existing } : {}) });
  if (existing) existing.model = model;
  else {
    const id = state.nextId(kind.idPrefix);
    collection.set(id, { id, templateId: template.id, alias, model });
  }
}

function field(template: string, form: string, alias: string, label: string): WireObject {
  return {
    type: 'FieldComponent',
    globalAlias: { type: 'FormComponent', owner: form, alias: `${form}_${alias}` },
    propertyPath: [{ type: 'Attribute', owner: template, alias }],
    label: { text: { en: label, de: label, ru: label }, hidden: false },
    accessType: 'Editable',
    width: 0,
  };
}

function column(template: string, alias: string, name: string): WireObject {
  return {
    propertyPath: [{ type: 'Attribute', owner: template, alias }],
    name,
    layout: { flex: 1.0, width: 0.0 },
    isHidden: false,
  };
}

const VACATION_DIAGRAM: DiagramElementSpec[] = [
  {
    kind: 'StartEvent',
    systemName: 'Start',
    title: 'Заявка создана',
    x: 80,
    y: 140,
    width: 30,
    height: 30,
    eventKind: 'None',
  },
  {
    kind: 'Task',
    systemName: 'Approve',
    title: 'Согласование руководителем',
    x: 160,
    y: 125,
    width: 140,
    height: 60,
    taskKind: 'User',
  },
  {
    kind: 'Gate',
    systemName: 'Approved',
    title: 'Согласовано?',
    x: 350,
    y: 135,
    width: 40,
    height: 40,
    gateKind: 'Exclusive',
  },
  {
    kind: 'Task',
    systemName: 'Register',
    title: 'Оформление приказа',
    x: 440,
    y: 60,
    width: 140,
    height: 60,
    taskKind: 'User',
    exitTriggers: ['Уведомить сотрудника'],
  },
  {
    kind: 'EndEvent',
    systemName: 'Done',
    title: 'Отпуск оформлен',
    x: 640,
    y: 75,
    width: 30,
    height: 30,
    eventKind: 'None',
  },
  {
    kind: 'EndEvent',
    systemName: 'Rejected',
    title: 'Отклонено',
    x: 640,
    y: 215,
    width: 30,
    height: 30,
    eventKind: 'Terminate',
  },
  {
    kind: 'ExecutionFlow',
    systemName: 'Flow1',
    title: '',
    x: 0,
    y: 0,
    width: 0,
    height: 0,
    source: 'Start',
    target: 'Approve',
  },
  {
    kind: 'ExecutionFlow',
    systemName: 'Flow2',
    title: '',
    x: 0,
    y: 0,
    width: 0,
    height: 0,
    source: 'Approve',
    target: 'Approved',
  },
  {
    kind: 'ExecutionFlow',
    systemName: 'Flow3',
    title: 'Да',
    x: 0,
    y: 0,
    width: 0,
    height: 0,
    source: 'Approved',
    target: 'Register',
  },
  {
    kind: 'ExecutionFlow',
    systemName: 'Flow4',
    title: 'Нет',
    x: 0,
    y: 0,
    width: 0,
    height: 0,
    source: 'Approved',
    target: 'Rejected',
  },
  {
    kind: 'ExecutionFlow',
    systemName: 'Flow5',
    title: '',
    x: 0,
    y: 0,
    width: 0,
    height: 0,
    source: 'Register',
    target: 'Done',
  },
];

/** Creates an account for every configured user that has none (the creator of what they create). */
export function ensureUserAccounts(state: PlatformState, users: readonly PlatformUser[]): void {
  for (const user of users) {
    if (state.accountByLogin(user.login)) continue;
    const id = state.nextId('account');
    state.accounts.set(id, { id, username: user.login, fullName: user.login, isActive: true });
  }
}

/**
 * Fills an empty state with the seed: accounts, roles, the application `HR` ("Кадры": departments, employees
 * with attributes of every common type, a vacation process, an account template, records in Russian and
 * English, a filled form, a toolbar with buttons, datasets, a PDF contract and a PNG photo) and the small
 * application `Fleet` ("Автопарк", with the Cyrillic template alias `Водители`). See {@link SEED}.
 */
export function seedPlatformState(state: PlatformState): void {
  for (const [username, fullName] of [
    ['admin', 'Администратор системы'],
    ['m.ivanova', 'Мария Иванова'],
  ] as const) {
    const id = state.nextId('account');
    state.accounts.set(id, { id, username, fullName, mbox: `${username}@example.com`, isActive: true });
  }
  for (const [alias, name] of [
    ['Administrators', 'Администраторы'],
    ['HRManagers', 'Менеджеры по персоналу'],
  ] as const) {
    const id = state.nextId('role');
    state.roles.set(id, { id, alias, name });
  }

  const hr = addSolution(state, 'HR', 'Кадры', 'Human resources: employees, departments and vacations');
  const fleet = addSolution(state, 'Fleet', 'Автопарк', 'Управление автопарком');

  const departments = addTemplate(state, hr, 'Record', 'Departments', {
    name: 'Отделы',
    description: 'Departments of the company',
  });
  const employees = addTemplate(state, hr, 'Record', 'Employees', {
    name: 'Сотрудники',
    description: 'Сотрудники компании',
  });
  const cars = addTemplate(state, fleet, 'Record', 'Cars', { name: 'Автомобили' });
  const drivers = addTemplate(state, fleet, 'Record', 'Водители', { name: 'Водители' });
  addTemplate(
    state,
    hr,
    'Process',
    'VacationRequest',
    { name: 'Заявка на отпуск', relatedTemplate: { type: 'RecordTemplate', alias: 'Employees' } },
    VACATION_DIAGRAM,
  );
  addTemplate(state, hr, 'Account', 'HRStaff', { name: 'Сотрудники отдела кадров' });

  addAttribute(state, departments, 'Title', {
    type: 'String',
    format: 'PlainText',
    name: 'Название',
    isTitle: true,
    isUnique: true,
    isIndexed: true,
  });
  addAttribute(state, departments, 'Code', {
    type: 'String',
    format: 'CustomMask',
    name: 'Код',
    validationMaskRegex: '[A-Z]{2,5}',
  });
  addAttribute(state, departments, 'Budget', {
    type: 'Decimal',
    name: 'Бюджет',
    decimalPlaces: 2,
    isDigitGrouping: true,
  });

  addAttribute(state, employees, 'FullName', {
    type: 'String',
    format: 'PlainText',
    name: 'ФИО',
    isTitle: true,
    isIndexed: true,
    isTracked: true,
  });
  addAttribute(state, employees, 'Phone', {
    type: 'String',
    format: 'PhoneRuMask',
    name: 'Телефон',
    validationMaskRegex: '\\+7 \\([0-9]{3}\\) [0-9]{3}-[0-9]{2}-[0-9]{2}',
  });
  addAttribute(state, employees, 'Email', {
    type: 'String',
    format: 'EmailMask',
    name: 'E-mail',
    isUnique: true,
  });
  addAttribute(state, employees, 'Salary', {
    type: 'Decimal',
    name: 'Оклад',
    decimalPlaces: 2,
    isDigitGrouping: true,
  });
  addAttribute(state, employees, 'HireDate', { type: 'DateTime', format: 'ShortDate', name: 'Дата приёма' });
  addAttribute(state, employees, 'IsRemote', { type: 'Boolean', name: 'Удалённая работа' });
  addAttribute(state, employees, 'Status', {
    type: 'Enum',
    format: 'Badge',
    name: 'Статус',
    variants: [
      {
        alias: { type: 'Variant', owner: 'Status', alias: 'active' },
        name: { ru: 'Работает', en: 'Active', de: 'Aktiv' },
        color: '#4CAF50',
      },
      {
        alias: { type: 'Variant', owner: 'Status', alias: 'vacation' },
        name: { ru: 'В отпуске', en: 'On vacation', de: 'Im Urlaub' },
        color: '#FFC107',
      },
      {
        alias: { type: 'Variant', owner: 'Status', alias: 'dismissed' },
        name: { ru: 'Уволен', en: 'Dismissed', de: 'Entlassen' },
        color: '#9E9E9E',
      },
    ],
  });
  addAttribute(state, employees, 'Department', {
    type: 'Instance',
    name: 'Отдел',
    instanceGlobalAlias: { type: 'RecordTemplate', alias: 'Departments' },
  });
  addAttribute(state, employees, 'Contract', {
    type: 'Document',
    format: 'Attachment',
    name: 'Трудовой договор',
    fileFormat: ['Pdf', 'Docx'],
  });
  addAttribute(state, employees, 'Photo', {
    type: 'Image',
    name: 'Фото',
    imageColorType: 'Original',
    imageWidth: 400,
    imageHeight: 400,
    imagePreserveAspectRatio: true,
    fileFormat: ['Png', 'Jpeg'],
  });
  addAttribute(state, employees, 'Manager', {
    type: 'Account',
    name: 'Руководитель',
    instanceGlobalAlias: { type: 'RecordTemplate', alias: '_Account' },
  });
  addAttribute(state, employees, 'Roles', { type: 'Role', name: 'Роли', isMultiValue: true });
  addAttribute(state, employees, 'BadgeNumber', {
    type: 'String',
    format: 'PlainText',
    name: 'Номер пропуска (устар.)',
    isDisabled: true,
  });

  addAttribute(state, cars, 'LicensePlate', {
    type: 'String',
    format: 'LicensePlateNumberRuMask',
    name: 'Государственный номер',
    isUnique: true,
    isIndexed: true,
    isTitle: true,
  });
  addAttribute(state, cars, 'CarBrand', {
    type: 'String',
    format: 'PlainText',
    name: 'Марка',
    isIndexed: true,
  });
  addAttribute(state, cars, 'ManufactureYear', { type: 'Decimal', name: 'Год выпуска', decimalPlaces: 0 });
  addAttribute(state, drivers, 'Имя', {
    type: 'String',
    format: 'PlainText',
    name: 'Имя водителя',
    isTitle: true,
  });
  addAttribute(state, drivers, 'Автомобиль', {
    type: 'Instance',
    name: 'Автомобиль',
    instanceGlobalAlias: { type: 'RecordTemplate', alias: 'Cars' },
  });

  const hrDepartment = addRecord(state, departments, { Title: 'Отдел кадров', Code: 'HR', Budget: 1500000 });
  const engineering = addRecord(state, departments, { Title: 'Engineering', Code: 'ENG', Budget: 5000000.5 });
  const accounting = addRecord(state, departments, { Title: 'Бухгалтерия', Code: 'ACC', Budget: 800000 });

  const contract = state.nextObjectId();
  state.documents.set(contract, {
    id: contract,
    title: 'Трудовой договор Иванов',
    extension: 'pdf',
    content: SEED_PDF,
    creator: SEED.accounts.hrManager,
    creationDate: SEED_DATE,
    revisionId: `${contract}.1`,
  });
  const photo = state.nextObjectId();
  state.images.set(photo, {
    id: photo,
    name: 'jane-smith.png',
    format: 'png',
    content: SEED_PNG,
    creator: SEED.accounts.hrManager,
    creationDate: SEED_DATE,
  });

  addRecord(
    state,
    employees,
    {
      FullName: 'Иванов Иван Иванович',
      Phone: '+7 (912) 345-67-89',
      Email: 'ivanov@example.com',
      Salary: 120000,
      HireDate: '2021-03-15T00:00:00Z',
      IsRemote: false,
      Status: 'vv.40',
      Department: hrDepartment,
      Contract: contract,
      Manager: SEED.accounts.hrManager,
      Roles: [SEED.roles.hrManagers],
    },
    SEED.accounts.hrManager,
  );
  addRecord(state, employees, {
    FullName: 'Jane Smith',
    Phone: '+7 (495) 123-45-67',
    Email: 'jane.smith@example.com',
    Salary: 150000.5,
    HireDate: '2022-11-01T00:00:00Z',
    IsRemote: true,
    Status: 'vv.41',
    Department: engineering,
    Photo: photo,
  });
  addRecord(state, employees, {
    FullName: 'Петрова Анна Сергеевна',
    Email: 'a.petrova@example.com',
    Salary: 95000,
    HireDate: '2019-06-03T00:00:00Z',
    IsRemote: false,
    Status: 'vv.42',
    Department: accounting,
    BadgeNumber: 'B-0042',
  });
  const car = addRecord(state, cars, { LicensePlate: 'А123ВС77', CarBrand: 'Lada', ManufactureYear: 2020 });
  addRecord(state, drivers, { Имя: 'Сидоров Пётр', Автомобиль: car });

  upsertChild(state, userCommandKind, employees, 'SendWelcome', {
    name: 'Отправить приветствие',
    description: 'Sends a welcome e-mail to the employee',
    context: 'Record',
    multiplicity: 'OneByOne',
    kind: 'UserEvent',
    resultType: 'Notificate',
    navigationTarget: 'Undefined',
  });
  upsertChild(state, toolbarKind, employees, 'EmployeeToolbar', {
    name: 'Панель сотрудника',
    isDefaultForForms: true,
    items: [
      {
        action: { type: 'UserCommand', owner: 'Employees', alias: 'create' },
        name: 'Создать',
        type: 'Action',
        iconType: 'Plus',
      },
      {
        action: { type: 'UserCommand', owner: 'Employees', alias: 'edit' },
        name: 'Изменить',
        type: 'Action',
        iconType: 'Pencil',
      },
      {
        action: { type: 'UserCommand', owner: 'Employees', alias: 'archive' },
        name: 'В архив',
        type: 'Action',
        iconType: 'Trash',
      },
      {
        action: { type: 'UserCommand', owner: 'Employees', alias: 'SendWelcome' },
        name: 'Приветствие',
        type: 'Action',
        iconType: 'Envelope',
      },
    ],
  });
  upsertChild(state, formKind, employees, 'defaultForm', {
    name: 'Карточка сотрудника',
    type: 'InternalForm',
    formSize: 'Common',
    isDefault: true,
    root: {
      type: 'VerticalLayout',
      rows: [
        {
          type: 'PanelModel',
          displayName: 'Основные сведения',
          originalType: 'GroupPanel',
          text: { en: 'Main information', de: 'Hauptinformationen', ru: 'Основные сведения' },
          layout: {
            type: 'VerticalLayout',
            rows: [
              {
                type: 'LayoutModel',
                components: [
                  field('Employees', 'defaultForm', 'FullName', 'ФИО'),
                  field('Employees', 'defaultForm', 'Phone', 'Телефон'),
                  field('Employees', 'defaultForm', 'Email', 'E-mail'),
                  field('Employees', 'defaultForm', 'Department', 'Отдел'),
                  field('Employees', 'defaultForm', 'Status', 'Статус'),
                  field('Employees', 'defaultForm', 'HireDate', 'Дата приёма'),
                ],
              },
            ],
          },
        },
      ],
    },
  });
  upsertChild(state, datasetKind, employees, 'defaultList', {
    name: 'Все сотрудники',
    isDefault: true,
    viewType: 'General',
    paging: { page: 0, size: 50 },
    columns: [
      column('Employees', 'FullName', 'ФИО'),
      column('Employees', 'Department', 'Отдел'),
      column('Employees', 'Status', 'Статус'),
      column('Employees', 'HireDate', 'Дата приёма'),
      {
        propertyPath: [{ type: 'Attribute', owner: 'System#', alias: 'isDisabled' }],
        name: 'Archived',
        layout: { flex: 1.0, width: 0.0 },
        isHidden: true,
      },
    ],
    sorting: [
      {
        propertyPath: [{ type: 'Attribute', owner: 'Employees', alias: 'FullName' }],
        direction: 'Asc',
        nullValuesOnTop: false,
      },
    ],
  });
  upsertChild(state, datasetKind, employees, 'ActiveEmployees', {
    name: 'Работающие сотрудники',
    viewType: 'General',
    columns: [column('Employees', 'FullName', 'ФИО'), column('Employees', 'Phone', 'Телефон')],
    filter: {
      type: 'FilterLeaf',
      propertyPath: [{ type: 'Attribute', owner: 'Employees', alias: 'Status' }],
      operator: 'eq',
      value: SEED.statusVariants.active,
    },
    toolbar: { type: 'Toolbar', owner: 'Employees', alias: 'EmployeeToolbar' },
  });
}
