import { describe, expect, it } from 'vitest';
import { expectData, strictPlatformSuite } from './strict-platform-suite.js';

const suite = strictPlatformSuite();

describe('edit_or_create_record_template', () => {
  it('creates a template, then edits only what is given', async () => {
    expect(
      expectData(
        await suite.call('edit_or_create_record_template', {
          operation: 'create',
          system_name: 'Projects',
          application_system_name: 'HR',
          name: 'Проекты',
          description: 'Projects of the company',
        }),
      ),
    ).toEqual({
      operation: 'created',
      template: {
        alias: 'Projects',
        name: 'Проекты',
        description: 'Projects of the company',
        type: 'Record',
        isDisabled: false,
      },
    });
    const edited = expectData(
      await suite.call('edit_or_create_record_template', {
        operation: 'edit',
        system_name: 'Projects',
        application_system_name: 'HR',
        description: 'Проекты компании',
      }),
    );
    // The name survived the full PUT: the tool merged the change into the current model.
    expect(edited.template).toMatchObject({ name: 'Проекты', description: 'Проекты компании' });
    const hr = suite.sim.state.solutionByAlias('HR')!;
    expect(suite.sim.state.templateByAlias(hr.id, 'Projects')!.model).toMatchObject({
      name: 'Проекты',
      description: 'Проекты компании',
    });
    const put = suite.sim.requests.find((r) => r.method === 'PUT')!;
    expect(put.decodedPath).toBe('/webapi/RecordTemplate/HR');
    expect(put.body).toMatchObject({
      globalAlias: { type: 'RecordTemplate', alias: 'Projects' },
      name: 'Проекты',
    });
  });

  it('asks for a name on create, and reports an unknown template on edit', async () => {
    expect(
      await suite.call('edit_or_create_record_template', {
        operation: 'create',
        system_name: 'Projects',
        application_system_name: 'HR',
      }),
    ).toMatchObject({ success: false, status: 400, error: expect.stringMatching(/name/) });
    expect(
      await suite.call('edit_or_create_record_template', {
        operation: 'edit',
        system_name: 'Nope',
        application_system_name: 'HR',
        name: 'x',
      }),
    ).toMatchObject({ success: false, status: 404, error: expect.stringMatching(/list_templates/) });
  });
});

describe('list_attributes', () => {
  it('lists user and system attributes compactly', async () => {
    const out = expectData(
      await suite.call('list_attributes', {
        application_system_name: 'HR',
        template_system_name: 'Employees',
      }),
    );
    expect(out.template).toBe('Employees');
    // The seed's Employees template: its user attributes plus the platform's system ones.
    expect(out.count).toBe(21);
    expect(out.attributes).toHaveLength(21);
    const byAlias = Object.fromEntries((out.attributes as { alias: string }[]).map((a) => [a.alias, a]));
    expect(byAlias.FullName).toEqual({
      alias: 'FullName',
      name: 'ФИО',
      type: 'String',
      format: 'PlainText',
      isIndexed: true,
      isTracked: true,
      isTitle: true,
    });
    expect(byAlias.Department).toMatchObject({ type: 'Instance', relatedTemplate: 'Departments' });
    expect(byAlias.Status).toMatchObject({
      type: 'Enum',
      variants: expect.arrayContaining([expect.objectContaining({ alias: 'active' })]),
    });
    expect(byAlias._creator).toMatchObject({ isSystem: true });
  });

  it('reaches a template with a Cyrillic system name (percent-encoded on the wire)', async () => {
    const out = expectData(
      await suite.call('list_attributes', {
        application_system_name: 'Fleet',
        template_system_name: 'Водители',
      }),
    );
    expect(out.count).toBeGreaterThan(0);
    expect(suite.sim.requests[0]!.path).toBe(
      `/webapi/Attribute/List/Template@Fleet.${encodeURIComponent('Водители')}`,
    );
  });

  it('answers an unknown template with 404', async () => {
    expect(
      await suite.call('list_attributes', { application_system_name: 'HR', template_system_name: 'Nope' }),
    ).toMatchObject({
      success: false,
      status: 404,
    });
  });
});
