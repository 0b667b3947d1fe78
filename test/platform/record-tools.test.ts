import { describe, expect, it } from 'vitest';
import { expectData, strictPlatformSuite } from './strict-platform-suite.js';
import { SEED } from '../sim/platform/platform-simulator.js';

const suite = strictPlatformSuite();

const employees = { application_system_name: 'HR', template_system_name: 'Employees' };
const { ivanov, smith, petrova, engineering } = SEED.records;

/** The ids of listed records. */
function ids(records: unknown): string[] {
  return (records as { id: string }[]).map((r) => r.id);
}

/** A record's stored values, by exact alias. */
function stored(id: string): Record<string, unknown> {
  return Object.fromEntries(suite.sim.state.records.get(id)!.values);
}

describe('list_template_records', () => {
  it('lists every record, sorted by creation date, with the page size and paging info', async () => {
    const out = expectData(await suite.call('list_template_records', employees));
    expect(out).toMatchObject({ application: 'HR', template: 'Employees', total: 3, offset: 0, count: 3 });
    expect(ids(out.records)).toEqual([ivanov, smith, petrova]);
    // Read keys come back as the platform sends them: first letter lower-case.
    expect(out.records[0]).toMatchObject({ fullName: 'Иванов Иван Иванович', salary: 120000 });
    expect(suite.sim.requests.map((r) => `${r.method} ${r.decodedPath}`)).toEqual([
      'GET /webapi/Records/Template@HR.Employees',
    ]);
  });

  it('filters by exact values (any key case), projects attributes, sorts and pages', async () => {
    const filtered = expectData(
      await suite.call('list_template_records', {
        ...employees,
        filters: { IsRemote: false },
        attributes: ['FullName', 'Salary'],
        sort_by: 'Salary',
        sort_desc: true,
      }),
    );
    expect(filtered.records).toEqual([
      { id: ivanov, fullName: 'Иванов Иван Иванович', salary: 120000 },
      { id: petrova, fullName: 'Петрова Анна Сергеевна', salary: 95000 },
    ]);
    const byLink = expectData(
      await suite.call('list_template_records', {
        ...employees,
        filters: { Department: Number(engineering) },
      }),
    );
    expect(ids(byLink.records)).toEqual([smith]);

    const page = expectData(
      await suite.call('list_template_records', { ...employees, limit: 2, offset: 0, sort_by: 'FullName' }),
    );
    expect(page).toMatchObject({ total: 3, count: 2, next_offset: 2 });
    expect((page.records as { fullName: string }[]).map((r) => r.fullName)).toEqual([
      'Jane Smith',
      'Иванов Иван Иванович',
    ]);
    const rest = expectData(
      await suite.call('list_template_records', { ...employees, limit: 2, offset: 2, sort_by: 'FullName' }),
    );
    expect(rest).toMatchObject({ count: 1 });
    expect(rest.next_offset).toBeUndefined();
  });

  it('warns about a filter no record has, and rejects a page over 100', async () => {
    const out = expectData(await suite.call('list_template_records', { ...employees, filters: { Nope: 1 } }));
    expect(out).toMatchObject({ total: 0, warning: expect.stringMatching(/Nope.*list_attributes/) });
    await expect(suite.call('list_template_records', { ...employees, limit: 101 })).rejects.toThrow();
  });

  it('answers an unknown template with 404', async () => {
    expect(
      await suite.call('list_template_records', {
        application_system_name: 'HR',
        template_system_name: 'Nope',
      }),
    ).toMatchObject({ success: false, status: 404 });
  });
});

describe('create_edit_record', () => {
  it('creates a record with values converted per type, then edits only what is given', async () => {
    const created = expectData(
      await suite.call('create_edit_record', {
        ...employees,
        operation: 'create',
        values: {
          fullName: 'Сидорова Мария',
          Salary: '130 000,50',
          HireDate: '2024-02-01',
          IsRemote: 'да',
          Status: 'active',
          Department: { id: engineering },
          Roles: SEED.roles.hrManagers,
          Phone: '',
          id: '999',
        },
      }),
    );
    const id = created.record_id as string;
    expect(created).toMatchObject({
      operation: 'created',
      record_url: `${suite.sim.url}/#Resolver/${id}`,
      values: {
        FullName: 'Сидорова Мария',
        Salary: 130000.5,
        IsRemote: true,
        Status: SEED.statusVariants.active,
        Department: engineering,
        Roles: [SEED.roles.hrManagers],
      },
      skipped: [
        { attribute: 'Phone', reason: 'empty value' },
        { attribute: 'id', reason: expect.stringMatching(/system/) },
      ],
    });
    const post = suite.sim.requests.find((r) => r.method === 'POST')!;
    expect(post.decodedPath).toBe('/webapi/Record/Template@HR.Employees');
    expect(post.body).toEqual({
      FullName: 'Сидорова Мария',
      Salary: 130000.5,
      HireDate: '2024-02-01',
      IsRemote: true,
      Status: 'active',
      Department: engineering,
      Roles: [SEED.roles.hrManagers],
    });

    const edited = expectData(
      await suite.call('create_edit_record', {
        ...employees,
        operation: 'edit',
        record_id: id,
        values: { Salary: 140000, Department: null },
      }),
    );
    expect(edited).toMatchObject({ operation: 'edited', record_id: id, values: { Salary: 140000 } });
    expect(suite.sim.requests.filter((r) => r.method === 'PUT').at(-1)!.body).toEqual({
      Salary: 140000,
      Department: null,
    });
    expect(stored(id)).toMatchObject({ FullName: 'Сидорова Мария', Salary: 140000 });
    expect(stored(id).Department).toBeUndefined();
  });

  it('refuses unknown attributes and wrong values before calling the platform to write', async () => {
    expect(
      await suite.call('create_edit_record', {
        ...employees,
        operation: 'create',
        values: { Nickname: 'x' },
      }),
    ).toMatchObject({
      success: false,
      status: 400,
      error: expect.stringMatching(/no attribute Nickname.*FullName/),
    });
    expect(
      await suite.call('create_edit_record', {
        ...employees,
        operation: 'create',
        values: { Salary: 'много' },
      }),
    ).toMatchObject({ success: false, status: 400, error: expect.stringMatching(/Salary is a number/) });
    expect(
      await suite.call('create_edit_record', {
        ...employees,
        operation: 'create',
        values: { HireDate: 'вчера' },
      }),
    ).toMatchObject({ success: false, status: 400, error: expect.stringMatching(/ISO 8601/) });
    expect(
      await suite.call('create_edit_record', { ...employees, operation: 'edit', values: { Salary: 1 } }),
    ).toMatchObject({ success: false, status: 400, error: expect.stringMatching(/record_id/) });
    expect(suite.sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('warns when the platform ignores the values (a record of another template)', async () => {
    const out = expectData(
      await suite.call('create_edit_record', {
        application_system_name: 'HR',
        template_system_name: 'Departments',
        operation: 'edit',
        record_id: ivanov,
        values: { Code: 'XX' },
      }),
    );
    expect(out).toMatchObject({
      values: {},
      warning: expect.stringMatching(/did not store Code.*Departments/),
    });
    expect(stored(ivanov).Code).toBeUndefined();
  });

  it('passes the platform refusal through (unique value, unknown record)', async () => {
    expect(
      await suite.call('create_edit_record', {
        ...employees,
        operation: 'create',
        values: { FullName: 'Двойник', Email: 'ivanov@example.com' },
      }),
    ).toMatchObject({ success: false, status: 409, error: expect.stringMatching(/already used by record/) });
    expect(
      await suite.call('create_edit_record', {
        ...employees,
        operation: 'edit',
        record_id: '999999',
        values: { Salary: 1 },
      }),
    ).toMatchObject({ success: false, status: 404 });
  });
});

describe('get_record_values', () => {
  it('reads some values of one record, or of several', async () => {
    expect(
      expectData(
        await suite.call('get_record_values', {
          record_id: ivanov,
          attribute_system_names: ['FullName', 'Status'],
        }),
      ),
    ).toEqual({
      records: [
        {
          record_id: ivanov,
          values: { FullName: 'Иванов Иван Иванович', Status: SEED.statusVariants.active },
        },
      ],
    });
    const many = expectData(
      await suite.call('get_record_values', {
        record_ids: [ivanov, smith, '424242'],
        attribute_system_names: ['Salary'],
      }),
    );
    expect(many).toEqual({
      records: [
        { record_id: ivanov, values: { Salary: 120000 } },
        { record_id: smith, values: { Salary: 150000.5 } },
      ],
      not_found: ['424242'],
    });
    expect(suite.sim.requests.at(-1)).toMatchObject({
      decodedPath: '/api/public/system/TeamNetwork/ObjectService/GetPropertyValues',
      body: { objects: [ivanov, smith, '424242'], propertiesByAlias: ['Salary'] },
    });
  });

  it('answers 404 for an unknown record and 400 without any id', async () => {
    expect(
      await suite.call('get_record_values', { record_id: '424242', attribute_system_names: ['FullName'] }),
    ).toMatchObject({ success: false, status: 404 });
    expect(await suite.call('get_record_values', { attribute_system_names: ['FullName'] })).toMatchObject({
      success: false,
      status: 400,
    });
  });
});

describe('record documents', () => {
  it('fetches a stored document: metadata, and a small binary inline as base64', async () => {
    const out = expectData(
      await suite.call('fetch_record_document_file', {
        record_id: ivanov,
        document_attribute_system_name: 'Contract',
      }),
    );
    const pdf = suite.sim.state.documents.get(SEED.documents.ivanovContract)!.content;
    expect(out).toMatchObject({
      record_id: ivanov,
      document_id: SEED.documents.ivanovContract,
      file_name: 'Трудовой договор Иванов.pdf',
      content_type: 'application/pdf',
      size_bytes: pdf.length,
      content_base64: pdf.toString('base64'),
    });
    expect(out.text).toBeUndefined();
    expect(suite.sim.requests.find((r) => r.decodedPath.endsWith('/Content'))!.headers.accept).toBe('*/*');
  });

  it('attaches a text file and reads it back as text; a large binary file comes back as metadata only', async () => {
    const csv = 'name;salary\nИванов;120000\n';
    const attached = expectData(
      await suite.call('attach_file_to_record_document_attribute', {
        record_id: smith,
        attribute_system_name: 'Contract',
        filename: 'salaries.csv',
        content_text: csv,
      }),
    );
    expect(attached).toMatchObject({
      record_id: smith,
      attribute: 'Contract',
      file_name: 'salaries.csv',
      size_bytes: Buffer.byteLength(csv),
      files_in_attribute: 1,
    });
    const body = suite.sim.requests.find((r) => r.decodedPath.endsWith('/SetObjectDocument'))!.body as any;
    expect(body).toMatchObject({
      objectId: smith,
      propertyAlias: 'Contract',
      fileName: 'salaries.csv',
      replace: true,
    });
    expect(Buffer.from(body.fileData as number[]).toString('utf8')).toBe(csv);
    expect(stored(smith).Contract).toBe(attached.document_id);

    const fetched = expectData(
      await suite.call('fetch_record_document_file', {
        record_id: smith,
        document_attribute_system_name: 'Contract',
      }),
    );
    expect(fetched).toMatchObject({ file_name: 'salaries.csv', text: csv });

    const big = Buffer.alloc(20_000, 7);
    expectData(
      await suite.call('attach_file_to_record_document_attribute', {
        record_id: petrova,
        attribute_system_name: 'Contract',
        filename: 'scan.pdf',
        content_base64: `data:application/pdf;base64,${big.toString('base64')}`,
      }),
    );
    const meta = expectData(
      await suite.call('fetch_record_document_file', {
        record_id: petrova,
        document_attribute_system_name: 'Contract',
      }),
    );
    expect(meta).toMatchObject({
      file_name: 'scan.pdf',
      size_bytes: 20_000,
      note: expect.stringMatching(/not passed/),
    });
    expect(meta.content_base64).toBeUndefined();
    expect(JSON.stringify(meta).length).toBeLessThan(2000);
  });

  it('refuses missing, invalid or oversized content, and says when there is no file', async () => {
    const base = { record_id: smith, attribute_system_name: 'Contract', filename: 'a.txt' };
    expect(await suite.call('attach_file_to_record_document_attribute', base)).toMatchObject({
      success: false,
      status: 400,
      error: expect.stringMatching(/content_base64.*content_text/),
    });
    expect(
      await suite.call('attach_file_to_record_document_attribute', {
        ...base,
        content_base64: 'not base64!',
      }),
    ).toMatchObject({ success: false, status: 400 });
    await expect(
      suite.call('attach_file_to_record_document_attribute', {
        ...base,
        filename: '../etc/passwd',
        content_text: 'x',
      }),
    ).rejects.toThrow(/folders/);
    expect(
      await suite.call('attach_file_to_record_document_attribute', {
        ...base,
        content_text: 'я'.repeat(600_000),
      }),
    ).toMatchObject({ success: false, status: 413 });
    expect(
      await suite.call('fetch_record_document_file', {
        record_id: smith,
        document_attribute_system_name: 'Contract',
      }),
    ).toMatchObject({ success: false, status: 404, error: expect.stringMatching(/no file/) });
    expect(
      await suite.call('fetch_record_document_file', {
        record_id: ivanov,
        document_attribute_system_name: 'Contract',
        multivalue_index: 3,
      }),
    ).toMatchObject({ success: false, status: 400, error: expect.stringMatching(/holds 1 file/) });
    expect(suite.sim.requests.some((r) => r.decodedPath.endsWith('/SetObjectDocument'))).toBe(false);
  });
});

describe('record images', () => {
  it('fetches a stored image with its base64 content when small', async () => {
    const out = expectData(
      await suite.call('fetch_record_image_file', { record_id: smith, image_attribute_system_name: 'Photo' }),
    );
    const png = suite.sim.state.images.get(SEED.images.smithPhoto)!.content;
    expect(out).toMatchObject({
      image_id: SEED.images.smithPhoto,
      file_name: 'jane-smith.png',
      format: 'png',
      size_bytes: png.length,
      content_base64: png.toString('base64'),
    });
    expect(suite.sim.requests.at(-1)).toMatchObject({
      decodedPath: '/webapi/Image',
      query: { imageId: SEED.images.smithPhoto },
    });
  });

  it('uploads an image and sets it on the record, then reads it back', async () => {
    const png = suite.sim.state.images.get(SEED.images.smithPhoto)!.content.toString('base64');
    const out = expectData(
      await suite.call('attach_file_to_record_image_attribute', {
        record_id: ivanov,
        attribute_system_name: 'Photo',
        filename: 'ivanov.png',
        content_base64: png,
      }),
    );
    expect(out).toMatchObject({ record_id: ivanov, attribute: 'Photo', file_name: 'ivanov.png' });
    expect(stored(ivanov).Photo).toBe(out.image_id);
    expect(suite.sim.state.images.get(out.image_id as string)!.name).toBe('ivanov.png');
    expect(
      suite.sim.requests
        .filter((r) => r.method !== 'POST' || !r.decodedPath.includes('GetPropertyValues'))
        .map((r) => `${r.method} ${r.decodedPath}`),
    ).toEqual(['POST /webapi/Image/Create', `PUT /webapi/Record/${ivanov}`]);
    expect(
      expectData(
        await suite.call('fetch_record_image_file', {
          record_id: ivanov,
          image_attribute_system_name: 'Photo',
        }),
      ),
    ).toMatchObject({ image_id: out.image_id, file_name: 'ivanov.png' });
  });

  it('refuses a non-image name, and reports an attribute the record did not take', async () => {
    const png = suite.sim.state.images.get(SEED.images.smithPhoto)!.content.toString('base64');
    const base = { record_id: ivanov, filename: 'x.png', content_base64: png };
    expect(
      await suite.call('attach_file_to_record_image_attribute', {
        ...base,
        attribute_system_name: 'Photo',
        filename: 'x.exe',
      }),
    ).toMatchObject({
      success: false,
      status: 400,
      error: expect.stringMatching(/does not look like an image/),
    });
    // A wrong-cased alias is silently ignored by the platform; the tool notices.
    expect(
      await suite.call('attach_file_to_record_image_attribute', { ...base, attribute_system_name: 'photo' }),
    ).toMatchObject({ success: false, status: 422, error: expect.stringMatching(/did not take it/) });
    expect(
      await suite.call('attach_file_to_record_image_attribute', {
        ...base,
        record_id: '424242',
        attribute_system_name: 'Photo',
      }),
    ).toMatchObject({ success: false, status: 404 });
  });
});
