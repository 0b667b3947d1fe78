import { describe, expect, it } from 'vitest';
import { expectData, strictPlatformSuite } from './strict-platform-suite.js';

const suite = strictPlatformSuite();

const employees = { application_system_name: 'HR', template_system_name: 'Employees' };

function stored(alias: string): Record<string, unknown> | undefined {
  const hr = suite.sim.state.solutionByAlias('HR')!;
  const t = suite.sim.state.templateByAlias(hr.id, 'Employees')!;
  return suite.sim.state.childByAlias(suite.sim.state.datasets, t.id, alias)?.model;
}

describe('list_datasets and get_dataset', () => {
  it('lists the datasets and reads one with columns, sorting and filter', async () => {
    expect(expectData(await suite.call('list_datasets', employees))).toEqual([
      {
        alias: 'defaultList',
        name: 'Все сотрудники',
        viewType: 'General',
        isDefault: true,
        showDisabled: false,
        columnCount: 5,
      },
      {
        alias: 'ActiveEmployees',
        name: 'Работающие сотрудники',
        viewType: 'General',
        isDefault: false,
        showDisabled: false,
        toolbar: 'EmployeeToolbar',
        columnCount: 2,
      },
    ]);
    const dataset = expectData(
      await suite.call('get_dataset', { ...employees, dataset_system_name: 'defaultList' }),
    );
    expect(dataset.columns).toEqual([
      { attribute: 'FullName', name: 'ФИО' },
      { attribute: 'Department', name: 'Отдел' },
      { attribute: 'Status', name: 'Статус' },
      { attribute: 'HireDate', name: 'Дата приёма' },
      { attribute: 'System#.isDisabled', name: 'Archived', isHidden: true },
    ]);
    expect(dataset.sorting).toEqual([{ attribute: 'FullName', direction: 'Asc' }]);
    const active = expectData(
      await suite.call('get_dataset', { ...employees, dataset_system_name: 'ActiveEmployees' }),
    );
    expect(active.filter).toMatchObject({ type: 'FilterLeaf', operator: 'eq' });
  });
});

describe('edit_or_create_dataset', () => {
  it('creates a dataset with columns, sorting, totals and a toolbar', async () => {
    const out = expectData(
      await suite.call('edit_or_create_dataset', {
        ...employees,
        operation: 'create',
        dataset_system_name: 'Payroll',
        name: 'Зарплаты',
        view_type: 'SplitVertical',
        toolbar_system_name: 'EmployeeToolbar',
        columns: { FullName: { name: 'ФИО' }, Salary: {} },
        sorting: [{ attribute: 'Salary', direction: 'Desc' }],
        totals: [
          { attribute: 'Salary', aggregationMethod: 'Sum', type: 'Number' },
          { attribute: 'System#.isDisabled', aggregationMethod: 'Count', type: 'Boolean' },
        ],
      }),
    );
    expect(out.dataset).toMatchObject({
      alias: 'Payroll',
      name: 'Зарплаты',
      viewType: 'SplitVertical',
      toolbar: 'EmployeeToolbar',
      columns: [
        { attribute: 'FullName', name: 'ФИО' },
        { attribute: 'Salary', name: 'Salary' },
      ],
      sorting: [{ attribute: 'Salary', direction: 'Desc' }],
      totals: [
        {
          propertyPath: [{ type: 'Attribute', owner: 'Employees', alias: 'Salary' }],
          aggregationMethod: 'Sum',
        },
        {
          propertyPath: [{ type: 'Attribute', owner: 'System#', alias: 'isDisabled' }],
          aggregationMethod: 'Count',
        },
      ],
    });
    expect(suite.sim.requests.find((r) => r.method === 'POST')!.body).toMatchObject({
      globalAlias: { type: 'Dataset', owner: 'Employees', alias: 'Payroll' },
      container: { type: 'RecordTemplate', alias: 'Employees' },
      columns: [
        {
          propertyPath: [{ type: 'Attribute', owner: 'Employees', alias: 'FullName' }],
          layout: { flex: 1, width: 0 },
          isHidden: false,
        },
        {},
      ],
    });
  });

  it('edits columns (rename, hide, remove, add) and keeps everything else; PUT goes to the app route', async () => {
    expectData(
      await suite.call('edit_or_create_dataset', {
        ...employees,
        operation: 'edit',
        dataset_system_name: 'defaultList',
        show_disabled: true,
        columns: {
          FullName: { name: 'Сотрудник' },
          HireDate: { isHidden: true },
          Status: null,
          'System#.isDisabled': { name: 'В архиве' },
          Phone: { name: 'Телефон' },
        },
      }),
    );
    const model = stored('defaultList')!;
    expect(model).toMatchObject({
      name: 'Все сотрудники',
      isDefault: true,
      showDisabled: true,
      paging: { page: 0, size: 50 },
    });
    expect((model.columns as { name: string; isHidden: boolean }[]).map((c) => [c.name, c.isHidden])).toEqual(
      [
        ['Сотрудник', false],
        ['Отдел', false],
        ['Дата приёма', true],
        ['В архиве', true],
        ['Телефон', false],
      ],
    );
    expect(model.sorting).toHaveLength(1);
    const put = suite.sim.requests.find((r) => r.method === 'PUT')!;
    expect(put.decodedPath).toBe('/webapi/Dataset/HR');
    expect(put.body).toMatchObject({
      globalAlias: { type: 'Dataset', owner: 'Employees', alias: 'defaultList' },
    });
  });

  it('passes platform refusals through (unknown toolbar or attribute) and needs a name to create', async () => {
    expect(
      await suite.call('edit_or_create_dataset', {
        ...employees,
        operation: 'edit',
        dataset_system_name: 'defaultList',
        toolbar_system_name: 'Ghost',
      }),
    ).toMatchObject({ success: false, status: 404, error: expect.stringMatching(/Toolbar@Employees.Ghost/) });
    expect(
      await suite.call('edit_or_create_dataset', {
        ...employees,
        operation: 'edit',
        dataset_system_name: 'defaultList',
        columns: { Ghost: {} },
      }),
    ).toMatchObject({ success: false, status: 404, error: expect.stringMatching(/Ghost/) });
    expect(
      await suite.call('edit_or_create_dataset', {
        ...employees,
        operation: 'create',
        dataset_system_name: 'X',
      }),
    ).toMatchObject({ success: false, status: 400, error: expect.stringMatching(/name/) });
  });
});
