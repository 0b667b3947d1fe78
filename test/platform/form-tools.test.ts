import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectData, strictPlatformSuite } from './strict-platform-suite.js';

const suite = strictPlatformSuite();

const employees = { application_system_name: 'HR', template_system_name: 'Employees' };
const departments = { application_system_name: 'HR', template_system_name: 'Departments' };

/** The form as the simulator stores it. */
function storedForm(template: string, alias: string): Record<string, unknown> | undefined {
  const hr = suite.sim.state.solutionByAlias('HR')!;
  const t = suite.sim.state.templateByAlias(hr.id, template)!;
  return suite.sim.state.childByAlias(suite.sim.state.forms, t.id, alias)?.model;
}

/** The attributes the stored form's fields point at. */
function storedFields(template: string, alias: string): string[] {
  const json = JSON.stringify(storedForm(template, alias)?.root ?? {});
  return [...json.matchAll(/"propertyPath":\[\{"type":"Attribute","owner":"[^"]+","alias":"([^"]+)"/g)].map(
    (m) => m[1]!,
  );
}

function calls(): string[] {
  return suite.sim.requests.map((r) => `${r.method} ${r.decodedPath}`);
}

describe('list_forms and get_form', () => {
  it('lists the forms with their field counts, and reads one with its fields and tree', async () => {
    expect(expectData(await suite.call('list_forms', employees))).toEqual([
      {
        alias: 'defaultForm',
        name: 'Карточка сотрудника',
        type: 'InternalForm',
        formSize: 'Common',
        isDefault: true,
        fieldCount: 6,
      },
    ]);
    const form = expectData(await suite.call('get_form', { ...employees, form_system_name: 'defaultForm' }));
    expect(form).toMatchObject({ alias: 'defaultForm', template: 'Employees', fieldCount: 6 });
    expect(form.fields[0]).toEqual({
      attribute: 'FullName',
      label: 'ФИО',
      component: 'defaultForm_FullName',
      accessType: 'Editable',
    });
    expect(form.root).toMatchObject({ type: 'VerticalLayout', rows: [{ type: 'PanelModel' }] });
    expect(await suite.call('get_form', { ...employees, form_system_name: 'nope' })).toMatchObject({
      success: false,
      status: 404,
    });
  });
});

describe('edit_or_create_form', () => {
  it('renames a form with a merged PUT (the tree survives)', async () => {
    const out = expectData(
      await suite.call('edit_or_create_form', {
        ...employees,
        operation: 'edit',
        form_system_name: 'defaultForm',
        name: 'Карточка',
        form_size: 'Large',
      }),
    );
    expect(out.form).toMatchObject({ name: 'Карточка', formSize: 'Large', fieldCount: 6 });
    expect(calls().filter((c) => !c.startsWith('GET'))).toEqual(['PUT /webapi/Form/HR']);
    expect(storedFields('Employees', 'defaultForm')).toHaveLength(6);
  });

  it('edits, adds and removes fields with widgets: GET, DELETE, POST, GET', async () => {
    const out = expectData(
      await suite.call('edit_or_create_form', {
        ...employees,
        operation: 'edit',
        form_system_name: 'defaultForm',
        widgets: {
          Phone: { label: 'Мобильный', accessType: 'Required', helpText: 'с кодом' },
          Salary: {},
          HireDate: { remove: true },
        },
      }),
    );
    expect(out).toMatchObject({ operation: 'edited', form: { fieldCount: 6, name: 'Карточка сотрудника' } });
    expect(storedFields('Employees', 'defaultForm')).toEqual([
      'FullName',
      'Phone',
      'Email',
      'Department',
      'Status',
      'Salary',
    ]);
    const root = JSON.stringify(storedForm('Employees', 'defaultForm')!.root);
    expect(root).toContain(
      '"label":{"text":{"en":"Мобильный","de":"Мобильный","ru":"Мобильный"},"hidden":false}',
    );
    expect(root).toContain('"accessType":"Required"');
    expect(root).toContain('"helpText":{"text":"с кодом"}');
    expect(root).toContain('"alias":"defaultForm_Salary"');
    expect(root).toContain('"ru":"Оклад"');
    // The settings of the replaced form are kept.
    expect(storedForm('Employees', 'defaultForm')).toMatchObject({ type: 'InternalForm', isDefault: true });
    expect(calls().filter((c) => !c.includes('/Attribute/'))).toEqual([
      'GET /webapi/Form/HR/Form@Employees.defaultForm',
      'GET /webapi/Form/HR/Form@Employees.defaultForm',
      'DELETE /webapi/Form/HR/Form@Employees.defaultForm',
      'POST /webapi/Form/HR',
      'GET /webapi/Form/HR/Form@Employees.defaultForm',
    ]);
  });

  it('creates a form from widgets, and refuses a second create and unknown attributes', async () => {
    const out = expectData(
      await suite.call('edit_or_create_form', {
        ...employees,
        operation: 'create',
        form_system_name: 'ShortForm',
        name: 'Кратко',
        widgets: { FullName: {}, Email: { label: 'Почта' } },
      }),
    );
    expect(out).toMatchObject({ operation: 'created', form: { alias: 'ShortForm', fieldCount: 2 } });
    expect(storedFields('Employees', 'ShortForm')).toEqual(['FullName', 'Email']);
    expect(
      await suite.call('edit_or_create_form', {
        ...employees,
        operation: 'create',
        form_system_name: 'ShortForm',
        name: 'x',
      }),
    ).toMatchObject({ success: false, status: 409 });
    expect(
      await suite.call('edit_or_create_form', {
        ...employees,
        operation: 'edit',
        form_system_name: 'ShortForm',
        widgets: { Nope: {} },
      }),
    ).toMatchObject({ success: false, status: 400, error: expect.stringMatching(/no attribute Nope/) });
    expect(storedFields('Employees', 'ShortForm')).toEqual(['FullName', 'Email']);
  });

  it('creates a minimal form without fields', async () => {
    const out = expectData(
      await suite.call('edit_or_create_form', {
        ...employees,
        operation: 'create',
        form_system_name: 'Empty',
        name: 'Пустая',
      }),
    );
    expect(out.form).toMatchObject({ alias: 'Empty', name: 'Пустая', fieldCount: 0 });
    expect(suite.sim.requests.find((r) => r.method === 'POST')!.body).toEqual({
      globalAlias: { type: 'Form', owner: 'Employees', alias: 'Empty' },
      container: { type: 'RecordTemplate', alias: 'Employees' },
      name: 'Пустая',
    });
  });

  it('replaces the whole tree (the fixture form), and restores the old form when the new one is refused', async () => {
    const fixture = JSON.parse(
      readFileSync('spec/comindware/fixtures/form_with_fields.json', 'utf8')
        .replaceAll('TargetTemplate', 'Departments')
        .replaceAll('BusinessName', 'Title'),
    ) as { root: unknown };
    const out = expectData(
      await suite.call('edit_or_create_form', {
        ...departments,
        operation: 'edit',
        form_system_name: 'defaultForm',
        replace_root: fixture.root,
      }),
    );
    expect(out.form).toMatchObject({ fieldCount: 1 });
    expect(storedFields('Departments', 'defaultForm')).toEqual(['Title']);

    // The platform refuses a tree with an unknown attribute: the tool puts the previous form back.
    const broken = JSON.parse(
      JSON.stringify(fixture.root).replace('"alias":"Title"', '"alias":"Ghost"'),
    ) as unknown;
    const failed = await suite.call('edit_or_create_form', {
      ...departments,
      operation: 'edit',
      form_system_name: 'defaultForm',
      replace_root: broken,
    });
    expect(failed).toMatchObject({
      success: false,
      status: 404,
      error: expect.stringMatching(/Saving the form defaultForm failed.*Ghost.*previous form was restored/),
    });
    expect(storedFields('Departments', 'defaultForm')).toEqual(['Title']);
    expect(calls().slice(-4)).toEqual([
      'GET /webapi/Form/HR/Form@Departments.defaultForm',
      'DELETE /webapi/Form/HR/Form@Departments.defaultForm',
      'POST /webapi/Form/HR',
      'POST /webapi/Form/HR',
    ]);
  });

  it('leaves the form as it was when the platform fails the DELETE', async () => {
    suite.sim.failNext('/webapi/Form/HR/Form@Employees.defaultForm', 500, { method: 'DELETE' });
    expect(
      await suite.call('edit_or_create_form', {
        ...employees,
        operation: 'edit',
        form_system_name: 'defaultForm',
        widgets: { Salary: {} },
      }),
    ).toMatchObject({
      success: false,
      status: 500,
      error: expect.stringMatching(/Saving the form defaultForm failed.*previous form is unchanged/),
    });
    expect(storedFields('Employees', 'defaultForm')).toHaveLength(6);
  });

  it('restores the old form when the saved one has no fields (verify), unless verify is off', async () => {
    const empty = { type: 'VerticalLayout', rows: [] };
    expect(
      await suite.call('edit_or_create_form', {
        ...employees,
        operation: 'edit',
        form_system_name: 'defaultForm',
        replace_root: empty,
      }),
    ).toMatchObject({ success: false, status: 422, error: expect.stringMatching(/no fields.*restored/) });
    expect(storedFields('Employees', 'defaultForm')).toHaveLength(6);
    expectData(
      await suite.call('edit_or_create_form', {
        ...employees,
        operation: 'edit',
        form_system_name: 'defaultForm',
        replace_root: empty,
        verify: false,
      }),
    );
    expect(storedFields('Employees', 'defaultForm')).toEqual([]);
    expect(
      await suite.call('edit_or_create_form', {
        ...employees,
        operation: 'edit',
        form_system_name: 'defaultForm',
        replace_root: empty,
        delete_existing: false,
      }),
    ).toMatchObject({ success: false, status: 422, error: expect.stringMatching(/delete_existing=true/) });
  });

  it('delegates create_from_attributes and copy_from', async () => {
    expectData(
      await suite.call('edit_or_create_form', {
        ...departments,
        operation: 'edit',
        form_system_name: 'defaultForm',
        create_from_attributes: true,
      }),
    );
    expect(storedFields('Departments', 'defaultForm')).toEqual(['Title', 'Code', 'Budget']);
    expectData(
      await suite.call('edit_or_create_form', {
        ...departments,
        operation: 'create',
        form_system_name: 'Copy',
        copy_from: { source_template_system_name: 'Departments', source_form_system_name: 'defaultForm' },
      }),
    );
    expect(storedFields('Departments', 'Copy')).toEqual(['Title', 'Code', 'Budget']);
  });
});

describe('create_form_from_attributes', () => {
  it('builds grouped panels from the user attributes and checks the saved count', async () => {
    const out = expectData(
      await suite.call('create_form_from_attributes', { ...employees, form_name: 'Сотрудник' }),
    );
    expect(out).toMatchObject({ operation: 'replaced', form: { alias: 'defaultForm', name: 'Сотрудник' } });
    // System and archived (BadgeNumber) attributes are left out.
    expect(out.included_attributes).toEqual([
      'FullName',
      'Phone',
      'Email',
      'Salary',
      'HireDate',
      'IsRemote',
      'Department',
      'Manager',
      'Roles',
      'Status',
      'Contract',
      'Photo',
    ]);
    expect(out.form.fieldCount).toBe(12);
    const panels = (storedForm('Employees', 'defaultForm')!.root as { rows: { displayName: string }[] }).rows;
    expect(panels.map((p) => p.displayName)).toEqual(['Main information', 'Participants', 'Status', 'Files']);
  });

  it('takes the groups given, and refuses unknown attributes', async () => {
    const out = expectData(
      await suite.call('create_form_from_attributes', {
        ...employees,
        form_system_name: 'Contacts',
        groups: [{ title: 'Контакты', attributes: ['Phone', { system_name: 'Email', name: 'Почта' }] }],
      }),
    );
    expect(out).toMatchObject({ operation: 'created', included_attributes: ['Phone', 'Email'] });
    expect(JSON.stringify(storedForm('Employees', 'Contacts')!.root)).toContain('"en":"Почта"');
    expect(
      await suite.call('create_form_from_attributes', {
        ...employees,
        groups: [{ title: 'x', attributes: ['Ghost'] }],
      }),
    ).toMatchObject({ success: false, status: 400, error: expect.stringMatching(/no attribute Ghost/) });
  });
});

describe('copy_form_from_template', () => {
  it('copies a form to another application, rewriting the template and renaming tokens', async () => {
    // Fleet.Cars has LicensePlate and CarBrand; copy a Departments form whose Title/Code map onto them.
    expectData(
      await suite.call('create_form_from_attributes', {
        ...departments,
        form_system_name: 'Card',
        groups: [{ title: 'Main', attributes: ['Title', 'Code'] }],
      }),
    );
    const out = expectData(
      await suite.call('copy_form_from_template', {
        source_application_system_name: 'HR',
        source_template_system_name: 'Departments',
        source_form_system_name: 'Card',
        target_application_system_name: 'Fleet',
        target_template_system_name: 'Cars',
        target_form_system_name: 'CarCard',
        replace_tokens: { Title: 'LicensePlate', Code: 'CarBrand' },
      }),
    );
    expect(out).toMatchObject({
      operation: 'created',
      source: { application: 'HR', template: 'Departments', form: 'Card' },
      form: { alias: 'CarCard', fieldCount: 2 },
    });
    const fleet = suite.sim.state.solutionByAlias('Fleet')!;
    const cars = suite.sim.state.templateByAlias(fleet.id, 'Cars')!;
    const copy = JSON.stringify(
      suite.sim.state.childByAlias(suite.sim.state.forms, cars.id, 'CarCard')!.model,
    );
    expect(copy).toContain('"propertyPath":[{"type":"Attribute","owner":"Cars","alias":"LicensePlate"}]');
    expect(copy).toContain('"alias":"CarCard_CarBrand"');
    expect(copy).not.toContain('Departments');
  });

  it('refuses a copy whose attributes the target lacks, before touching the target', async () => {
    expect(
      await suite.call('copy_form_from_template', {
        source_application_system_name: 'HR',
        source_template_system_name: 'Employees',
        target_application_system_name: 'HR',
        target_template_system_name: 'Departments',
      }),
    ).toMatchObject({
      success: false,
      status: 422,
      error: expect.stringMatching(/no attribute FullName.*replace_tokens/),
    });
    expect(suite.sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
