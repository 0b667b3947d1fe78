import { describe, expect, it } from 'vitest';
import { expectData, strictPlatformSuite } from './strict-platform-suite.js';

const suite = strictPlatformSuite();

const where = { application_system_name: 'HR', template_system_name: 'Employees' };

/** The attribute as the simulator stores it. */
function stored(alias: string, template = 'Employees'): Record<string, unknown> | undefined {
  const hr = suite.sim.state.solutionByAlias('HR')!;
  const t = suite.sim.state.templateByAlias(hr.id, template)!;
  return suite.sim.state.childByAlias(suite.sim.state.attributes, t.id, alias)?.model;
}

/** The body of the last request with this method. */
function lastBody(method: string): any {
  return suite.sim.requests.filter((r) => r.method === method).at(-1)?.body;
}

describe('get_attribute', () => {
  it('reads every setting of one attribute', async () => {
    expect(expectData(await suite.call('get_attribute', { ...where, system_name: 'Status' }))).toMatchObject({
      alias: 'Status',
      template: 'Employees',
      type: 'Enum',
      format: 'Badge',
      isDisabled: false,
      isUnique: false,
      variants: [
        { alias: 'active', ru: 'Работает', en: 'Active', de: 'Aktiv', color: '#4CAF50' },
        expect.objectContaining({ alias: 'vacation' }),
        expect.objectContaining({ alias: 'dismissed' }),
      ],
    });
  });

  it('answers an unknown attribute with 404', async () => {
    expect(await suite.call('get_attribute', { ...where, system_name: 'Nope' })).toMatchObject({
      success: false,
      status: 404,
      error: expect.stringMatching(/Attribute@Employees\.Nope does not exist/),
    });
  });
});

describe('edit_or_create_text_attribute', () => {
  it('creates with a predefined mask and its regular expression', async () => {
    const out = expectData(
      await suite.call('edit_or_create_text_attribute', {
        ...where,
        operation: 'create',
        name: 'ИНН',
        system_name: 'Inn',
        display_format: 'INNMask',
        control_uniqueness: true,
        use_to_search_records: true,
      }),
    );
    expect(out).toMatchObject({
      operation: 'created',
      attribute: {
        alias: 'Inn',
        type: 'String',
        format: 'INNMask',
        isUnique: true,
        isIndexed: true,
        isTitle: false,
      },
    });
    expect(stored('Inn')).toMatchObject({ format: 'INNMask', validationMaskRegex: '([0-9]{10})' });
    expect(lastBody('POST')).toMatchObject({
      globalAlias: { owner: 'Employees', type: 'Undefined', alias: 'Inn' },
      type: 'String',
      isTitle: false,
    });
    expect(suite.sim.requests.find((r) => r.method === 'POST')!.decodedPath).toBe('/webapi/Attribute/HR');
  });

  it('edits only what is given: the rest of the attribute survives the full PUT', async () => {
    // FullName is a title, indexed and tracked; renaming it must not reset those flags.
    const out = expectData(
      await suite.call('edit_or_create_text_attribute', {
        ...where,
        operation: 'edit',
        system_name: 'FullName',
        name: 'Ф. И. О.',
      }),
    );
    expect(out.attribute).toMatchObject({
      name: 'Ф. И. О.',
      isTitle: true,
      isIndexed: true,
      isTracked: true,
    });
    expect(stored('FullName')).toMatchObject({
      name: 'Ф. И. О.',
      isTitle: true,
      isIndexed: true,
      isTracked: true,
    });
    const put = lastBody('PUT');
    expect(put).toMatchObject({
      type: 'String',
      format: 'PlainText',
      isTitle: true,
      isIndexed: true,
      isTracked: true,
    });
  });

  it('switches to a custom mask, and requires the mask', async () => {
    expect(
      await suite.call('edit_or_create_text_attribute', {
        ...where,
        operation: 'edit',
        system_name: 'Phone',
        display_format: 'CustomMask',
      }),
    ).toMatchObject({ success: false, status: 400, error: expect.stringMatching(/custom_mask/) });
    expectData(
      await suite.call('edit_or_create_text_attribute', {
        ...where,
        operation: 'edit',
        system_name: 'Phone',
        display_format: 'CustomMask',
        custom_mask: '^\\+1-\\d{3}-\\d{3}-\\d{4}$',
      }),
    );
    expect(stored('Phone')).toMatchObject({
      format: 'CustomMask',
      validationMaskRegex: '^\\+1-\\d{3}-\\d{3}-\\d{4}$',
    });
  });

  it('refuses to edit an attribute of another type with this tool', async () => {
    expect(
      await suite.call('edit_or_create_text_attribute', {
        ...where,
        operation: 'edit',
        system_name: 'Salary',
        name: 'x',
      }),
    ).toMatchObject({ success: false, status: 409, error: expect.stringMatching(/of type Decimal/) });
    expect(suite.sim.requests.some((r) => r.method === 'PUT')).toBe(false);
  });

  it('turns calculation on with an expression and off again', async () => {
    expectData(
      await suite.call('edit_or_create_text_attribute', {
        ...where,
        operation: 'create',
        name: 'Короткое имя',
        system_name: 'ShortName',
        expression_for_calculation: '$FullName',
      }),
    );
    expect(stored('ShortName')).toMatchObject({ isCalculated: true, expression: '$FullName' });
    expectData(
      await suite.call('edit_or_create_text_attribute', {
        ...where,
        operation: 'edit',
        system_name: 'ShortName',
        calculate_value: false,
      }),
    );
    expect(stored('ShortName')).toMatchObject({ isCalculated: false });
    expect(stored('ShortName')!.expression).toBeUndefined();
  });

  it('reports the guarded system attributes clearly', async () => {
    const result = await suite.call('edit_or_create_text_attribute', {
      ...where,
      operation: 'edit',
      system_name: 'id',
      name: 'Identifier',
    });
    expect(result).toMatchObject({ success: false, status: 400 });
    expect((result as { error: string }).error).toMatch(/InterceptedException.*protects this object/);
  });

  it('refuses a duplicate system name with 409', async () => {
    expect(
      await suite.call('edit_or_create_text_attribute', {
        ...where,
        operation: 'create',
        name: 'x',
        system_name: 'FullName',
      }),
    ).toMatchObject({ success: false, status: 409 });
  });
});

describe('edit_or_create_*_attribute of each type', () => {
  const create = (tool: string, system_name: string, extra: Record<string, unknown>) =>
    suite.call(tool, { ...where, operation: 'create', name: system_name, system_name, ...extra });

  it('boolean', async () => {
    expect(
      expectData(
        await create('edit_or_create_boolean_attribute', 'IsManager', { write_changes_to_the_log: true }),
      ).attribute,
    ).toMatchObject({ type: 'Boolean', isTracked: true });
    expect(stored('IsManager')).toMatchObject({ type: 'Boolean', isTracked: true });
  });

  it('date_time, which needs a format on create (TimeTracker included)', async () => {
    expect(await create('edit_or_create_date_time_attribute', 'Deadline', {})).toMatchObject({
      success: false,
      status: 400,
      error: expect.stringMatching(/display_format/),
    });
    expectData(
      await create('edit_or_create_date_time_attribute', 'Deadline', { display_format: 'TimeTracker' }),
    );
    expect(stored('Deadline')).toMatchObject({ type: 'DateTime', format: 'TimeTracker' });
    expectData(
      await suite.call('edit_or_create_date_time_attribute', {
        ...where,
        operation: 'edit',
        system_name: 'HireDate',
        use_as_record_title: true,
      }),
    );
    expect(stored('HireDate')).toMatchObject({ format: 'ShortDate', isTitle: true });
  });

  it('numeric, which needs decimal places on create', async () => {
    expect(await create('edit_or_create_numeric_attribute', 'Bonus', {})).toMatchObject({
      success: false,
      status: 400,
    });
    expectData(
      await create('edit_or_create_numeric_attribute', 'Bonus', {
        number_decimal_places: 0,
        group_digits_numbers: true,
      }),
    );
    expect(stored('Bonus')).toMatchObject({ type: 'Decimal', decimalPlaces: 0, isDigitGrouping: true });
    expectData(
      await suite.call('edit_or_create_numeric_attribute', {
        ...where,
        operation: 'edit',
        system_name: 'Salary',
        number_decimal_places: 0,
      }),
    );
    expect(stored('Salary')).toMatchObject({ decimalPlaces: 0, isDigitGrouping: true });
  });

  it('document, with a format and an extension filter', async () => {
    const out = expectData(
      await create('edit_or_create_document_attribute', 'Passport', {
        display_format: 'SignedDocument',
        file_extensions_filter: ['PDF', 'JPG', 'DWG', 'TAR.GZ(TGZ)'],
        store_multiple_values: true,
      }),
    );
    // The model sees the names it can send back; the wire carries the spec's members.
    expect(out.attribute).toMatchObject({
      format: 'SignedDocument',
      fileFormat: ['PDF', 'JPG', 'DWG', 'TAR.GZ(TGZ)'],
    });
    expect(lastBody('POST').fileFormat).toEqual(['Pdf', 'Jpeg', 'DWG', 'Targz']);
    expect(stored('Passport')).toMatchObject({ type: 'Document', isMultiValue: true });
  });

  it('drawing', async () => {
    expectData(await create('edit_or_create_drawing_attribute', 'FloorPlan', {}));
    expect(stored('FloorPlan')).toMatchObject({ type: 'Drawing' });
  });

  it('duration', async () => {
    expectData(
      await create('edit_or_create_duration_attribute', 'WorkTime', { display_format: 'DurationD8HM' }),
    );
    expect(stored('WorkTime')).toMatchObject({ type: 'Duration', format: 'DurationD8HM' });
  });

  it('image, which needs a colour mode on create', async () => {
    expect(await create('edit_or_create_image_attribute', 'Photo2', {})).toMatchObject({
      success: false,
      status: 400,
    });
    expectData(
      await create('edit_or_create_image_attribute', 'Photo2', {
        rendering_color_mode: 'GreyScale',
        image_width: 300,
        image_height: 400,
        save_image_aspect_ratio: true,
        file_extensions_filter: ['PNG', 'JPG'],
      }),
    );
    expect(stored('Photo2')).toMatchObject({
      type: 'Image',
      imageColorType: 'GreyScale',
      imageWidth: 300,
      imageHeight: 400,
      imagePreserveAspectRatio: true,
      fileFormat: ['Png', 'Jpeg'],
    });
  });

  it('record link, plain and mutual', async () => {
    expect(await create('edit_or_create_record_attribute', 'Mentor', {})).toMatchObject({
      success: false,
      status: 400,
    });
    expectData(
      await create('edit_or_create_record_attribute', 'Mentor', {
        related_template_system_name: 'Employees',
      }),
    );
    expect(stored('Mentor')).toMatchObject({
      type: 'Instance',
      instanceGlobalAlias: { type: 'RecordTemplate', alias: 'Employees' },
    });
    // A link from Departments back to Employees.Department.
    const out = expectData(
      await suite.call('edit_or_create_record_attribute', {
        application_system_name: 'HR',
        template_system_name: 'Departments',
        operation: 'create',
        name: 'Сотрудники',
        system_name: 'Staff',
        related_template_system_name: 'Employees',
        related_attribute_system_name: 'Department',
        store_multiple_values: true,
      }),
    );
    expect(out.attribute).toMatchObject({
      relatedTemplate: 'Employees',
      relatedAttribute: 'Department',
      isMultiValue: true,
    });
    expect(stored('Staff', 'Departments')).toMatchObject({
      instanceGlobalAlias: { type: 'Attribute', owner: 'Employees', alias: 'Department' },
    });
  });

  it('role', async () => {
    expectData(await create('edit_or_create_role_attribute', 'Approvers', { store_multiple_values: true }));
    expect(stored('Approvers')).toMatchObject({ type: 'Role', isMultiValue: true });
  });

  it('account, linked to _Account by default', async () => {
    expectData(await create('edit_or_create_account_attribute', 'Curator', {}));
    expect(stored('Curator')).toMatchObject({
      type: 'Account',
      instanceGlobalAlias: { type: 'RecordTemplate', alias: '_Account' },
    });
    expectData(
      await create('edit_or_create_account_attribute', 'HrContact', {
        related_template_system_name: 'HRStaff',
        use_as_record_title: false,
      }),
    );
    expect(stored('HrContact')).toMatchObject({ instanceGlobalAlias: { alias: 'HRStaff' } });
  });

  it('enum, with values in several languages and colours', async () => {
    expect(await create('edit_or_create_enum_attribute', 'Grade', { display_format: 'Text' })).toMatchObject({
      success: false,
      status: 400,
      error: expect.stringMatching(/enum_values/),
    });
    const out = expectData(
      await create('edit_or_create_enum_attribute', 'Grade', {
        display_format: 'Indicator',
        enum_values: [
          { system_name: 'junior', russian_name: 'Младший', english_name: 'Junior', color: '#0a0' },
          { system_name: 'senior', russian_name: 'Старший' },
        ],
      }),
    );
    expect(out.attribute.variants).toEqual([
      { alias: 'junior', ru: 'Младший', en: 'Junior', color: '#00AA00' },
      { alias: 'senior', ru: 'Старший' },
    ]);
    expect(lastBody('POST').variants[0]).toEqual({
      alias: { type: 'Variant', owner: 'Grade', alias: 'junior' },
      name: { en: 'Junior', ru: 'Младший' },
      color: '#00AA00',
    });
    expect(
      await suite.call('edit_or_create_enum_attribute', {
        ...where,
        operation: 'edit',
        system_name: 'Grade',
        enum_values: [{ system_name: 'x' }],
      }),
    ).toMatchObject({ success: false, status: 400, error: expect.stringMatching(/needs a name/) });
  });
});

describe('archive_or_unarchive_attribute', () => {
  it('archives and unarchives', async () => {
    expect(
      expectData(
        await suite.call('archive_or_unarchive_attribute', {
          ...where,
          operation: 'archive',
          system_name: 'Phone',
        }),
      ),
    ).toEqual({
      attribute: 'Phone',
      template: 'Employees',
      archived: true,
    });
    expect(stored('Phone')).toMatchObject({ isDisabled: true });
    expect(suite.sim.requests.find((r) => r.method === 'PUT')).toMatchObject({
      decodedPath: '/webapi/Attribute/HR/Attribute@Employees.Phone/Disable',
      body: null,
    });
    expect(
      expectData(
        await suite.call('archive_or_unarchive_attribute', {
          ...where,
          operation: 'unarchive',
          system_name: 'Phone',
        }),
      ).archived,
    ).toBe(false);
    expect(stored('Phone')).toMatchObject({ isDisabled: false });
  });
});

describe('delete_attribute', () => {
  it('deletes and checks that the attribute is gone', async () => {
    expect(expectData(await suite.call('delete_attribute', { ...where, system_name: 'IsRemote' }))).toEqual({
      deleted: 'IsRemote',
      template: 'Employees',
      application: 'HR',
    });
    expect(stored('IsRemote')).toBeUndefined();
    expect(await suite.call('delete_attribute', { ...where, system_name: 'IsRemote' })).toMatchObject({
      success: false,
      status: 404,
    });
  });
});
