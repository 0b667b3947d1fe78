import { describe, expect, it } from 'vitest';
import { expectData, strictPlatformSuite } from './strict-platform-suite.js';
import { SEED } from '../sim/platform/platform-simulator.js';
import { toolCaller } from './call-tool.js';
import { simContext } from './sim-context.js';

const suite = strictPlatformSuite();

describe('list_applications', () => {
  it('lists the applications with system names and names', async () => {
    expect(expectData(await suite.call('list_applications', {}))).toEqual([
      {
        alias: 'HR',
        name: 'Кадры',
        description: 'Human resources: employees, departments and vacations',
        isDefault: false,
      },
      { alias: 'Fleet', name: 'Автопарк', description: 'Управление автопарком', isDefault: false },
    ]);
    expect(suite.sim.requests[0]).toMatchObject({ method: 'GET', path: '/webapi/Solution', login: 'admin' });
  });
});

describe('list_templates', () => {
  it('lists record templates by default, and process and account templates on request', async () => {
    const records = expectData(await suite.call('list_templates', { application_system_name: 'HR' })) as {
      alias: string;
    }[];
    expect(records.map((t) => t.alias)).toEqual(['Departments', 'Employees']);
    expect(
      expectData(
        await suite.call('list_templates', { application_system_name: 'HR', template_type: 'process' }),
      ),
    ).toEqual([
      {
        alias: 'VacationRequest',
        name: 'Заявка на отпуск',
        type: 'Process',
        isDisabled: false,
        relatedTemplate: 'Employees',
      },
    ]);
    const accounts = expectData(
      await suite.call('list_templates', { application_system_name: 'HR', template_type: 'account' }),
    );
    expect(accounts).toEqual([expect.objectContaining({ alias: 'HRStaff', type: 'Account' })]);
    expect(suite.sim.requests.map((r) => r.decodedPath)).toEqual([
      '/webapi/RecordTemplate/List/HR',
      '/webapi/ProcessTemplate/List/HR',
      '/webapi/AccountTemplate/List/HR',
    ]);
    // The client never sends the double slash the original produced.
    expect(suite.sim.requests.every((r) => !r.path.includes('//'))).toBe(true);
  });

  it('answers an unknown application with a clear 404 result', async () => {
    expect(await suite.call('list_templates', { application_system_name: 'Nope' })).toEqual({
      success: false,
      status: 404,
      error: expect.stringMatching(/Cannot get id for solution by solution alias: Nope/),
    });
  });
});

describe('create_app', () => {
  it('creates an application, and refuses a duplicate with 409', async () => {
    expect(
      expectData(
        await suite.call('create_app', { system_name: 'Demo', display_name: 'Демо', description: 'Test' }),
      ),
    ).toEqual({
      created: 'Demo',
      name: 'Демо',
    });
    expect(suite.sim.state.solutionByAlias('Demo')).toMatchObject({ name: 'Демо', description: 'Test' });
    expect(await suite.call('create_app', { system_name: 'Demo', display_name: 'Again' })).toMatchObject({
      success: false,
      status: 409,
      error: expect.stringMatching(/already used/),
    });
  });

  it('refuses a system name the platform would reject, before calling it', async () => {
    expect(await suite.call('create_app', { system_name: '1Demo', display_name: 'x' })).toMatchObject({
      success: false,
      status: 400,
      error: expect.stringMatching(/not a valid system name/),
    });
    expect(suite.sim.requests).toHaveLength(0);
  });

  it('on a timeout, says to check the application list before retrying', async () => {
    suite.sim.failNext('/webapi/Solution', 'hang', { method: 'POST' });
    const slow = toolCaller(simContext(suite.sim, { timeoutMs: 300 }));
    const result = await slow('create_app', { system_name: 'Slow', display_name: 'Slow' });
    expect(result).toMatchObject({ success: false, status: 408 });
    expect((result as { error: string }).error).toMatch(/within 0.3 s.*list_applications/s);
  });
});

describe('get_record_url', () => {
  it('builds the #Resolver link from the platform URL alone', async () => {
    expect(expectData(await suite.call('get_record_url', { record_id: SEED.records.ivanov }))).toEqual({
      record_id: '1006',
      record_url: `${suite.sim.url}/#Resolver/1006`,
    });
    expect(suite.sim.requests).toHaveLength(0);
  });
});

describe('get_ontology_objects', () => {
  it('lists ids and system names by type', async () => {
    const out = expectData(
      await suite.call('get_ontology_objects', {
        application_system_name: 'HR',
        types: ['RecordTemplate', 'ProcessTemplate', 'Role', 'Attribute'],
      }),
    ) as { total: number; items: { type: string; id: string; systemName: string }[] };
    expect(out.items).toEqual(
      expect.arrayContaining([
        { type: 'RecordTemplate', id: SEED.hr.templateIds.employees, systemName: 'Employees' },
        { type: 'RecordTemplate', id: SEED.fleet.templateIds.drivers, systemName: 'Водители' },
        { type: 'ProcessTemplate', id: SEED.hr.templateIds.vacationRequest, systemName: 'VacationRequest' },
        { type: 'Role', id: SEED.roles.hrManagers, systemName: 'HRManagers' },
        expect.objectContaining({ type: 'Attribute', systemName: 'FullName' }),
      ]),
    );
    // Record templates are told apart from process templates by prefix, though they share a predicate.
    expect(out.items.filter((i) => i.type === 'RecordTemplate').every((i) => i.id.startsWith('oa.'))).toBe(
      true,
    );
    // Everything of those four types the seed defines in HR.
    expect(out.total).toBe(76);
    expect(out.items).toHaveLength(76);
  });
});

describe('get_platform_entity_url', () => {
  it('resolves an id to its link, names and application', async () => {
    expect(expectData(await suite.call('get_platform_entity_url', { entity_id: 'oa.11' }))).toEqual({
      entity_id: 'oa.11',
      entity_url: `${suite.sim.url}/#Resolver/oa.11`,
      entity_type: 'RecordTemplate',
      system_name: 'Employees',
      name: 'Сотрудники',
      application: 'HR',
    });
  });

  it('finds a template by system name, optionally in one application', async () => {
    const out = expectData(
      await suite.call('get_platform_entity_url', { system_name: 'Водители', application: 'Fleet' }),
    );
    expect(out.matches).toEqual([
      expect.objectContaining({
        entity_id: SEED.fleet.templateIds.drivers,
        entity_url: `${suite.sim.url}/#Resolver/${SEED.fleet.templateIds.drivers}`,
        application: 'Fleet',
      }),
    ]);
    expect(
      expectData(await suite.call('get_platform_entity_url', { system_name: 'Водители', application: 'HR' }))
        .matches,
    ).toEqual([]);
  });

  it('checks that an id and a system name agree, and reports unknown ids', async () => {
    expect(
      await suite.call('get_platform_entity_url', { entity_id: 'oa.11', system_name: 'Cars' }),
    ).toMatchObject({
      success: false,
      status: 409,
    });
    expect(await suite.call('get_platform_entity_url', { entity_id: 'oa.999' })).toMatchObject({
      success: false,
      status: 404,
    });
    expect(await suite.call('get_platform_entity_url', {})).toMatchObject({ success: false, status: 400 });
  });
});

describe('get_process_schema', () => {
  it('reads the BPMN diagram of a process template', async () => {
    const out = expectData(
      await suite.call('get_process_schema', { process_template_system_name: 'VacationRequest' }),
    );
    expect(out.process_template_id).toBe(SEED.hr.templateIds.vacationRequest);
    const elements = out.elements as Record<string, unknown>[];
    expect(elements).toContainEqual(
      expect.objectContaining({ type: 'start_event', name: 'Заявка создана', systemName: 'Start', x: 80 }),
    );
    expect(elements).toContainEqual(
      expect.objectContaining({ type: 'gateway', subtype: 'Exclusive', name: 'Согласовано?' }),
    );
    expect(elements).toContainEqual(
      expect.objectContaining({
        type: 'task',
        subtype: 'User',
        systemName: 'Register',
        on_exit_trigger_names: ['Уведомить сотрудника'],
      }),
    );
    const flows = elements.filter((e) => e.type === 'sequence_flow');
    expect(flows).toHaveLength(5);
    expect(flows.every((f) => typeof f.source === 'string' && typeof f.target === 'string')).toBe(true);
  });

  it('answers an unknown process template with 404', async () => {
    expect(await suite.call('get_process_schema', { process_template_system_name: 'Nope' })).toMatchObject({
      success: false,
      status: 404,
      error: expect.stringMatching(/list_templates/),
    });
  });
});

describe('resolve_entity', () => {
  it('resolves every id of an admin link', async () => {
    const button = [...suite.sim.state.userCommands.values()].find((b) => b.templateId === 'oa.11')!;
    const out = expectData(
      await suite.call('resolve_entity', {
        url_or_id: `${suite.sim.url}/#RecordType/oa.11/Operation/${button.id}`,
        fetch_full: false,
      }),
    );
    expect(out.url_parsed.entities_found).toEqual([
      { type: 'RecordTemplate', id: 'oa.11' },
      { type: 'Button', id: button.id },
    ]);
    expect(out.resolved).toEqual([
      expect.objectContaining({
        entity_type: 'RecordTemplate',
        system_name: 'Employees',
        application_system_name: 'HR',
      }),
      expect.objectContaining({
        entity_type: 'Button',
        system_name: button.alias,
        template_system_name: 'Employees',
        application_system_name: 'HR',
      }),
    ]);
  });

  it('reads a record by its id, with its values', async () => {
    const out = expectData(
      await suite.call('resolve_entity', { url_or_id: `#Resolver/${SEED.records.ivanov}` }),
    );
    expect(out.resolved).toEqual([
      expect.objectContaining({
        entity_type: 'Record',
        internal_id: '1006',
        full_data: expect.objectContaining({ fullName: 'Иванов Иван Иванович' }),
      }),
    ]);
  });

  it('says when a text holds no link or id', async () => {
    expect(await suite.call('resolve_entity', { url_or_id: 'hello there' })).toMatchObject({
      success: false,
      status: 400,
    });
  });
});
