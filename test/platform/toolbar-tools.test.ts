import { describe, expect, it } from 'vitest';
import { expectData, strictPlatformSuite } from './strict-platform-suite.js';

const suite = strictPlatformSuite();

const employees = { application_system_name: 'HR', template_system_name: 'Employees' };

function stored(collection: 'toolbars' | 'userCommands', alias: string): Record<string, unknown> | undefined {
  const hr = suite.sim.state.solutionByAlias('HR')!;
  const t = suite.sim.state.templateByAlias(hr.id, 'Employees')!;
  return suite.sim.state.childByAlias(suite.sim.state[collection], t.id, alias)?.model;
}

function lastBody(method: string): any {
  return suite.sim.requests.filter((r) => r.method === method).at(-1)?.body;
}

describe('toolbars', () => {
  it('lists toolbars and reads one with its items', async () => {
    expect(expectData(await suite.call('list_toolbars', employees))).toEqual([
      { alias: 'EmployeeToolbar', name: 'Панель сотрудника', isDefaultForForms: true, itemCount: 4 },
    ]);
    const toolbar = expectData(
      await suite.call('get_toolbar', { ...employees, toolbar_system_name: 'EmployeeToolbar' }),
    );
    expect(toolbar.items).toEqual([
      { button: 'create', name: 'Создать', type: 'Action', icon: 'Plus', order: 0 },
      { button: 'edit', name: 'Изменить', type: 'Action', icon: 'Pencil', order: 1 },
      { button: 'archive', name: 'В архив', type: 'Action', icon: 'Trash', order: 2 },
      { button: 'SendWelcome', name: 'Приветствие', type: 'Action', icon: 'Envelope', order: 3 },
    ]);
    expect(await suite.call('get_toolbar', { ...employees, toolbar_system_name: 'Nope' })).toMatchObject({
      success: false,
      status: 404,
    });
  });

  it('creates a toolbar with items, then edits only the given flag', async () => {
    const created = expectData(
      await suite.call('edit_or_create_toolbar', {
        ...employees,
        operation: 'create',
        toolbar_system_name: 'ListToolbar',
        name: 'Панель списка',
        is_default_for_lists: true,
        items: [
          { button_system_name: 'create', icon: 'plus' },
          { button_system_name: 'SendWelcome', display_name: 'Письмо', color: 'Red' },
        ],
      }),
    );
    expect(created).toMatchObject({
      operation: 'created',
      toolbar: {
        alias: 'ListToolbar',
        isDefaultForLists: true,
        items: [
          { button: 'create', name: 'Create', icon: 'Plus', order: 0 },
          { button: 'SendWelcome', name: 'Письмо', order: 1 },
        ],
      },
    });
    expect(lastBody('POST')).toMatchObject({
      globalAlias: { type: 'Toolbar', owner: 'Employees', alias: 'ListToolbar' },
      container: { type: 'RecordTemplate', alias: 'Employees' },
      isDefaultForForms: false,
      isDefaultForLists: true,
      items: [{ action: { type: 'UserCommand', owner: 'Employees', alias: 'create' }, iconType: 'Plus' }, {}],
    });

    expectData(
      await suite.call('edit_or_create_toolbar', {
        ...employees,
        operation: 'edit',
        toolbar_system_name: 'ListToolbar',
        is_default_for_task_lists: true,
      }),
    );
    // The full PUT kept the items and the other flags.
    expect(stored('toolbars', 'ListToolbar')).toMatchObject({
      name: 'Панель списка',
      isDefaultForLists: true,
      isDefaultForTaskLists: true,
      items: [{ name: 'Create' }, { name: 'Письмо' }],
    });
  });

  it('refuses unknown buttons and icons', async () => {
    const base = { ...employees, operation: 'edit', toolbar_system_name: 'EmployeeToolbar' };
    expect(
      await suite.call('edit_or_create_toolbar', { ...base, items: [{ button_system_name: 'Ghost' }] }),
    ).toMatchObject({ success: false, status: 400, error: expect.stringMatching(/no button Ghost/) });
    expect(
      await suite.call('edit_or_create_toolbar', {
        ...base,
        items: [{ button_system_name: 'edit', icon: 'Rocket' }],
      }),
    ).toMatchObject({ success: false, status: 400, error: expect.stringMatching(/Unknown icon/) });
    expect(suite.sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('buttons', () => {
  it('lists buttons and reads one', async () => {
    const list = expectData(await suite.call('list_buttons', employees));
    expect((list as { alias: string }[]).map((b) => b.alias)).toEqual([
      'create',
      'edit',
      'archive',
      'delete',
      'unarchive',
      'SendWelcome',
    ]);
    expect(list[5]).toEqual({
      alias: 'SendWelcome',
      name: 'Отправить приветствие',
      kind: 'UserEvent',
      context: 'Record',
      isSystem: false,
      isDisabled: false,
    });
    expect(
      expectData(await suite.call('get_button', { ...employees, button_system_name: 'SendWelcome' })),
    ).toMatchObject({
      resultType: 'Notificate',
      description: 'Sends a welcome e-mail to the employee',
    });
  });

  it('creates a scenario button by default, a Create button with its form, and edits only what is given', async () => {
    const scenario = expectData(
      await suite.call('edit_or_create_button', {
        ...employees,
        operation: 'create',
        button_system_name: 'Recalculate',
        name: 'Пересчитать',
        kind: 'Trigger scenario',
        multiplicity: 'Many',
        has_confirmation: true,
      }),
    );
    expect(scenario.button).toMatchObject({
      alias: 'Recalculate',
      kind: 'UserEvent',
      context: 'Record',
      multiplicity: 'Package',
      resultType: 'DataChange',
      isConfirmationActive: true,
    });
    expect(
      await suite.call('edit_or_create_button', {
        ...employees,
        operation: 'create',
        button_system_name: 'NewDepartment',
        name: 'Новый отдел',
        kind: 'create',
      }),
    ).toMatchObject({ success: false, status: 400, error: expect.stringMatching(/create_form/) });
    const create = expectData(
      await suite.call('edit_or_create_button', {
        ...employees,
        operation: 'create',
        button_system_name: 'NewDepartment',
        name: 'Новый отдел',
        kind: 'create',
        context: 'list',
        create_form: 'defaultForm',
        create_template: 'Departments',
      }),
    );
    expect(create.button).toMatchObject({
      kind: 'Create',
      context: 'List',
      createForm: 'defaultForm',
      createTemplate: 'Departments',
    });
    expect(lastBody('POST').relatedAction).toEqual({
      containerGlobalAlias: { type: 'RecordTemplate', alias: 'Departments' },
      templateGlobalAlias: { type: 'Undefined' },
      formGlobalAlias: { type: 'Form', owner: 'Departments', alias: 'defaultForm' },
    });

    expectData(
      await suite.call('edit_or_create_button', {
        ...employees,
        operation: 'edit',
        button_system_name: 'Recalculate',
        description: 'Пересчитывает оклад',
      }),
    );
    expect(stored('userCommands', 'Recalculate')).toMatchObject({
      description: 'Пересчитывает оклад',
      multiplicity: 'Package',
      isConfirmationActive: true,
    });
  });

  it('refuses unknown enum values and passes the platform guard on system buttons through', async () => {
    expect(
      await suite.call('edit_or_create_button', {
        ...employees,
        operation: 'edit',
        button_system_name: 'SendWelcome',
        navigation_target: 'SameForm',
      }),
    ).toMatchObject({
      success: false,
      status: 400,
      error: expect.stringMatching(/navigation_target "SameForm".*CurrentRecord/),
    });
    expect(
      await suite.call('edit_or_create_button', {
        ...employees,
        operation: 'edit',
        button_system_name: 'delete',
        kind: 'Archive',
      }),
    ).toMatchObject({ success: false, status: 400, error: expect.stringMatching(/InterceptedException/) });
    expectData(
      await suite.call('edit_or_create_button', {
        ...employees,
        operation: 'edit',
        button_system_name: 'delete',
        name: 'Удалить',
      }),
    );
    expect(stored('userCommands', 'delete')).toMatchObject({ name: 'Удалить', kind: 'Delete' });
  });

  it('archives and unarchives a button', async () => {
    const base = { ...employees, button_system_name: 'SendWelcome' };
    expect(
      expectData(await suite.call('archive_unarchive_button', { ...base, operation: 'archive' })),
    ).toEqual({
      button: 'SendWelcome',
      template: 'Employees',
      archived: true,
    });
    expect(stored('userCommands', 'SendWelcome')!.isDisabled).toBe(true);
    expect(suite.sim.requests.find((r) => r.method === 'PUT')).toMatchObject({
      decodedPath: '/webapi/UserCommand/HR/UserCommand@Employees.SendWelcome/Disable',
      body: {},
    });
    expect(
      expectData(await suite.call('archive_unarchive_button', { ...base, operation: 'unarchive' })).archived,
    ).toBe(false);
    expect(stored('userCommands', 'SendWelcome')!.isDisabled).toBe(false);
  });
});
