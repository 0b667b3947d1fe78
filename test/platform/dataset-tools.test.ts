import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPlatformSimulator, type PlatformSimulator } from '../sim/platform/platform-simulator.js';
import { toolCaller, type ToolCaller } from './call-tool.js';
import { simContext } from './sim-context.js';

let sim: PlatformSimulator;
let call: ToolCaller;

beforeAll(async () => {
  sim = await startPlatformSimulator({ strict: true });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.reset();
  call = toolCaller(simContext(sim));
});
afterEach(() => expect(sim.violations.filter((v) => v.kind !== 'response')).toEqual([]));

const employees = { application_system_name: 'HR', template_system_name: 'Employees' };

function data(result: Awaited<ReturnType<ToolCaller>>): any {
  expect(result).toMatchObject({ success: true, status: 200 });
  return (result as { data: unknown }).data;
}

function stored(alias: string): Record<string, unknown> | undefined {
  const hr = sim.state.solutionByAlias('HR')!;
  const t = sim.state.templateByAlias(hr.id, 'Employees')!;
  return sim.state.childByAlias(sim.state.datasets, t.id, alias)?.model;
}

describe('list_datasets and get_dataset', () => {
  it('lists the datasets and reads one with columns, sorting and filter', async () => {
    expect(data(await call('list_datasets', employees))).toEqual([
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
    const dataset = data(await call('get_dataset', { ...employees, dataset_system_name: 'defaultList' }));
    expect(dataset.columns).toEqual([
      { attribute: 'FullName', name: 'ФИО' },
      { attribute: 'Department', name: 'Отдел' },
      { attribute: 'Status', name: 'Статус' },
      { attribute: 'HireDate', name: 'Дата приёма' },
      { attribute: 'System#.isDisabled', name: 'Archived', isHidden: true },
    ]);
    expect(dataset.sorting).toEqual([{ attribute: 'FullName', direction: 'Asc' }]);
    const active = data(await call('get_dataset', { ...employees, dataset_system_name: 'ActiveEmployees' }));
    expect(active.filter).toMatchObject({ type: 'FilterLeaf', operator: 'eq' });
  });
});

describe('edit_or_create_dataset', () => {
  it('creates a dataset with columns, sorting, totals and a toolbar', async () => {
    const out = data(
      await call('edit_or_create_dataset', {
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
    expect(sim.requests.find((r) => r.method === 'POST')!.body).toMatchObject({
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
    data(
      await call('edit_or_create_dataset', {
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
    const put = sim.requests.find((r) => r.method === 'PUT')!;
    expect(put.decodedPath).toBe('/webapi/Dataset/HR');
    expect(put.body).toMatchObject({
      globalAlias: { type: 'Dataset', owner: 'Employees', alias: 'defaultList' },
    });
  });

  it('passes platform refusals through (unknown toolbar or attribute) and needs a name to create', async () => {
    expect(
      await call('edit_or_create_dataset', {
        ...employees,
        operation: 'edit',
        dataset_system_name: 'defaultList',
        toolbar_system_name: 'Ghost',
      }),
    ).toMatchObject({ success: false, status: 404, error: expect.stringMatching(/Toolbar@Employees.Ghost/) });
    expect(
      await call('edit_or_create_dataset', {
        ...employees,
        operation: 'edit',
        dataset_system_name: 'defaultList',
        columns: { Ghost: {} },
      }),
    ).toMatchObject({ success: false, status: 404, error: expect.stringMatching(/Ghost/) });
    expect(
      await call('edit_or_create_dataset', { ...employees, operation: 'create', dataset_system_name: 'X' }),
    ).toMatchObject({ success: false, status: 400, error: expect.stringMatching(/name/) });
  });
});
