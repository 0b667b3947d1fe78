import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertRequestsConform } from './assert-requests-conform.js';
import { callPlatform } from './call-platform.js';
import { SEED, startPlatformSimulator, type PlatformSimulator } from './platform-simulator.js';
import { readZip } from './zip-archive.js';

let sim: PlatformSimulator;

beforeAll(async () => {
  sim = await startPlatformSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.reset();
});

const call = (method: string, path: string, body?: unknown, options?: Parameters<typeof callPlatform>[4]) =>
  callPlatform(sim, method, path, body, options);

/** Asserts a Web API success envelope and returns `response`. */
async function ok(method: string, path: string, body?: unknown): Promise<any> {
  const res = await call(method, path, body);
  expect(res.status, `${method} ${path}: ${res.bytes.toString()}`).toBe(200);
  expect(res.json.success, `${method} ${path}: ${res.bytes.toString()}`).toBe(true);
  expect(res.json).not.toHaveProperty('error');
  return res.json.response;
}

/** Asserts a logical failure (HTTP 200 + success:false) and returns the error object. */
async function fails(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ message: string; type: string; inner?: any }> {
  const res = await call(method, path, body);
  expect(res.status, `${method} ${path}: ${res.bytes.toString()}`).toBe(200);
  expect(res.json).toMatchObject({ response: null, success: false });
  return res.json.error as { message: string; type: string; inner?: any };
}

type Item = Record<string, any>;
/** A JSON array from a response, typed for property access. */
const items = (value: unknown): Item[] => value as Item[];
/** One text per item. */
const texts = (value: unknown, pick: (item: Item) => unknown): string[] =>
  items(value).map((item) => String(pick(item)));

const attributeBody = (owner: string, alias: string, fields: Record<string, unknown>) => ({
  globalAlias: { owner, type: 'Undefined', alias },
  name: alias,
  isTracked: false,
  ...fields,
});

describe('transport', () => {
  it('answers 401 with WWW-Authenticate without credentials, with wrong ones and with another scheme', async () => {
    const none = await call('GET', '/webapi/Solution', undefined, { auth: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(
      (await call('GET', '/webapi/Solution', undefined, { auth: { login: 'admin', password: 'nope' } }))
        .status,
    ).toBe(401);
    expect(
      (
        await call('GET', '/webapi/Solution', undefined, {
          auth: { login: 'nobody', password: 'admin-password' },
        })
      ).status,
    ).toBe(401);
    const bearer = await call('GET', '/webapi/Solution', undefined, {
      auth: null,
      headers: { authorization: 'Bearer abc' },
    });
    expect(bearer.status).toBe(401);
    expect(
      (await call('POST', '/api/public/system/Process/ProcessAppService/List', undefined, { auth: null }))
        .status,
    ).toBe(401);
    expect((await call('GET', '/no/such/route', undefined, { auth: null })).status).toBe(401);
    expect(sim.requests.map((request) => request.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(sim.requests[1]?.headers.authorization).toBe('[redacted]');
  });

  it('accepts configured users, Basic credentials in UTF-8 and passwords containing colons', async () => {
    const other = await startPlatformSimulator({
      users: [{ login: 'пользователь', password: 'p:ss:word' }],
      seed: false,
    });
    try {
      const res = await callPlatform(other, 'GET', '/webapi/Solution');
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ response: [], success: true });
      expect(other.requests[0]?.login).toBe('пользователь');
      expect(
        (
          await callPlatform(other, 'GET', '/webapi/Solution', undefined, {
            auth: { login: 'admin', password: 'admin-password' },
          })
        ).status,
      ).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('echoes the request headers, Authorization included, in successful answers with echoHeaders', async () => {
    const echo = await startPlatformSimulator({ echoHeaders: true });
    try {
      const authorization = `Basic ${Buffer.from('admin:admin-password').toString('base64')}`;
      const echoed = expect.objectContaining({ authorization, 'x-probe': 'p1', accept: 'application/json' });
      const options = { headers: { 'x-probe': 'p1' } };
      const list = await callPlatform(echo, 'GET', '/webapi/Solution', undefined, options);
      expect(list.json.success).toBe(true);
      expect(list.json.response[0]).toMatchObject({ alias: 'HR', requestHeaders: echoed });
      const values = await callPlatform(
        echo,
        'POST',
        '/api/public/system/TeamNetwork/ObjectService/GetPropertyValues',
        { objects: [SEED.records.ivanov], propertiesByAlias: ['FullName'] },
        options,
      );
      expect(values.json).toMatchObject({
        [SEED.records.ivanov]: { FullName: expect.any(String), requestHeaders: echoed },
        requestHeaders: echoed,
      });
      // Failures are not echoed, and the recorded request still hides the header.
      const failed = await callPlatform(echo, 'GET', '/webapi/Solution/NoSuchApp', undefined, options);
      expect(JSON.stringify(failed.json)).not.toContain('requestHeaders');
      expect(echo.requests[0]?.headers.authorization).toBe('[redacted]');
    } finally {
      await echo.close();
    }
    // Off by default.
    expect(JSON.stringify((await call('GET', '/webapi/Solution')).json)).not.toContain('requestHeaders');
  });

  it('answers in the {response, success} envelope, keeping response:null on edits and omitting null properties', async () => {
    const list = await call('GET', '/webapi/Solution');
    expect(list.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(list.json)).toEqual(['response', 'success']);
    const put = await call('PUT', '/webapi/Solution', { alias: 'Fleet', name: 'Автопарк 2' });
    expect(put.json).toEqual({ response: null, success: true });
    const fleet = await ok('GET', '/webapi/Solution/Fleet');
    expect(fleet).toEqual({ alias: 'Fleet', name: 'Автопарк 2', isDefault: false });
  });

  it('collapses repeated slashes and matches literal segments case-insensitively', async () => {
    const expected = await ok('GET', '/webapi/RecordTemplate/List/HR');
    expect(await ok('GET', '/webapi//RecordTemplate/List/HR')).toEqual(expected);
    expect(await ok('GET', '//webapi///recordtemplate/list/HR/')).toEqual(expected);
    expect(sim.requests[1]?.path).toBe('/webapi//RecordTemplate/List/HR');
    expect(sim.requests[1]?.decodedPath).toBe('/webapi/RecordTemplate/List/HR');
  });

  it('percent-decodes path segments: Cyrillic aliases and an encoded @', async () => {
    const drivers = encodeURIComponent('Template@Fleet.Водители');
    const records = await ok('GET', `/webapi/Records/${drivers}`);
    expect(records).toEqual([expect.objectContaining({ id: SEED.records.driver, имя: 'Сидоров Пётр' })]);
    const attribute = await ok(
      'GET',
      `/webapi/Attribute/Fleet/Attribute@${encodeURIComponent('Водители.Имя')}`,
    );
    expect(attribute.globalAlias).toEqual({ type: 'Attribute', owner: 'Водители', alias: 'Имя' });
    expect(sim.requests[0]?.decodedPath).toBe('/webapi/Records/Template@Fleet.Водители');
  });

  it('answers 404 for unknown routes and 405 (with Allow) for unserved methods on served paths', async () => {
    const missing = await call('GET', '/webapi/DocumentationTemplate/List/HR');
    expect(missing.status).toBe(404);
    const wrongRoute = await call('PUT', '/webapi/Dataset/HR/Dataset@Employees.defaultList', { name: 'x' });
    expect(wrongRoute.status).toBe(405);
    expect(wrongRoute.headers.get('allow')).toBe('DELETE, GET');
    expect((await call('PATCH', '/webapi/Solution')).status).toBe(405);
  });

  it('records every request in order with its operation, parsed body and status', async () => {
    await call('PUT', `/webapi/Attribute/HR/Attribute@Employees.Phone/Disable`, undefined, {
      rawBody: 'null',
    });
    await call('POST', '/api/public/system/Base/OntologyService/GetAxioms', undefined, { rawBody: 'oa.11' });
    expect(
      sim.requests.map(({ method, decodedPath, body, operation, status }) => ({
        method,
        decodedPath,
        body,
        operation,
        status,
      })),
    ).toEqual([
      {
        method: 'PUT',
        decodedPath: '/webapi/Attribute/HR/Attribute@Employees.Phone/Disable',
        body: null,
        operation: 'PUT /webapi/Attribute/{solutionAlias}/{attributeGlobalAlias}/Disable',
        status: 200,
      },
      {
        method: 'POST',
        decodedPath: '/api/public/system/Base/OntologyService/GetAxioms',
        body: 'oa.11',
        operation: 'POST /api/public/system/Base/OntologyService/GetAxioms',
        status: 200,
      },
    ]);
  });

  it('never crashes on malformed input', async () => {
    const probes: [string, string, string | undefined][] = [
      ['POST', '/webapi/Attribute/HR', '{"globalAlias": '],
      ['POST', '/webapi/Attribute/HR', '"just a string"'],
      ['POST', '/webapi/Attribute/HR', '[1,2,3]'],
      ['POST', '/webapi/Record/Template@HR.Employees', '{"FullName": {"deep": [1, {"x": null}]}}'],
      ['PUT', '/webapi/Record/1006', '{"Salary": "not a number", "HireDate": "yesterday"}'],
      ['GET', '/webapi/Attribute/HR/%E0%A4%A', undefined],
      ['GET', '/webapi/Attribute/HR/NoAtSign', undefined],
      ['GET', '/webapi/Records/Template@', undefined],
      [
        'POST',
        '/webapi/Form/HR',
        JSON.stringify({ globalAlias: { owner: 'Employees', alias: 'Deep' }, root: nest(200) }),
      ],
      [
        'POST',
        '/api/public/system/TeamNetwork/DocumentService/SetObjectDocument',
        '{"objectId": 1006, "fileData": "###"}',
      ],
      ['POST', '/api/public/system/Base/OntologyService/GetWithMultipleValues', '{"predicate": null}'],
      ['POST', '/webapi/Transfer/Upload', '"not base64!"'],
      ['POST', '/webapi/Image/Create', '{"name": "x.png", "content": 42}'],
      ['GET', '/webapi/Image?imageId=', undefined],
      ['DELETE', '/webapi/Records', '{"not": "an array"}'],
    ];
    for (const [method, path, rawBody] of probes) {
      const res = await call(method, path, undefined, rawBody === undefined ? {} : { rawBody });
      if (path.startsWith('/api/public/system') && res.status === 500)
        expect(res.json, `${method} ${path}`).toMatchObject({ type: expect.any(String) });
      else expect(res.status, `${method} ${path}`).toBeLessThan(500);
      if (res.status === 200 && path.startsWith('/webapi'))
        expect(res.json.success, `${method} ${path}`).toBe(false);
    }
    expect((await ok('GET', '/webapi/Solution')).length).toBe(2);
  });
});

function nest(depth: number): unknown {
  let node: unknown = { type: 'VerticalLayout', rows: [] };
  for (let i = 0; i < depth; i++) node = { type: 'VerticalLayout', rows: [node] };
  return node;
}

describe('applications and templates', () => {
  it('seeds the identifiers SEED documents', () => {
    const { state } = sim;
    expect(state.solutionByAlias(SEED.hr.alias)?.id).toBe(SEED.hr.id);
    expect(state.solutionByAlias(SEED.fleet.alias)?.id).toBe(SEED.fleet.id);
    for (const [key, alias] of Object.entries(SEED.hr.templates))
      expect(state.templateByAlias(SEED.hr.id, alias)?.id).toBe(
        SEED.hr.templateIds[key as keyof typeof SEED.hr.templateIds],
      );
    for (const [key, alias] of Object.entries(SEED.fleet.templates))
      expect(state.templateByAlias(SEED.fleet.id, alias)?.id).toBe(
        SEED.fleet.templateIds[key as keyof typeof SEED.fleet.templateIds],
      );
    for (const id of Object.values(SEED.records)) expect(state.records.has(id), id).toBe(true);
    expect(state.documents.has(SEED.documents.ivanovContract)).toBe(true);
    expect(state.images.has(SEED.images.smithPhoto)).toBe(true);
    expect(state.accountByLogin('admin')?.id).toBe(SEED.accounts.admin);
    expect(state.roles.get(SEED.roles.hrManagers)?.alias).toBe('HRManagers');
    const status = state.childByAlias(state.attributes, SEED.hr.templateIds.employees, 'Status');
    expect(Object.fromEntries(status?.variantIds ?? [])).toEqual({
      active: SEED.statusVariants.active,
      vacation: SEED.statusVariants.vacation,
      dismissed: SEED.statusVariants.dismissed,
    });
  });

  it('lists the seeded applications and record, process and account templates', async () => {
    expect(texts(await ok('GET', '/webapi/Solution'), (app) => app.alias)).toEqual(['HR', 'Fleet']);
    const records = await ok('GET', '/webapi//RecordTemplate/List/HR');
    expect(items(records).map((t) => t.globalAlias as unknown)).toEqual([
      { type: 'RecordTemplate', alias: 'Departments' },
      { type: 'RecordTemplate', alias: 'Employees' },
    ]);
    expect(records[1]).toMatchObject({ name: 'Сотрудники', type: 'Record', isDisabled: false });
    expect(records[1]).not.toHaveProperty('id');
    const processes = await ok('GET', '/webapi//ProcessTemplate/List/HR');
    expect(processes).toEqual([
      expect.objectContaining({
        globalAlias: { type: 'ProcessTemplate', alias: 'VacationRequest' },
        relatedTemplate: { type: 'RecordTemplate', alias: 'Employees' },
        type: 'Process',
      }),
    ]);
    expect((await ok('GET', '/webapi//AccountTemplate/List/HR'))[0].type).toBe('Account');
  });

  it('creates an application; a duplicate or invalid alias fails with success:false', async () => {
    expect(await ok('POST', '/webapi/Solution', { alias: 'FleetDemo', name: 'Fleet demo' })).toBe(
      'FleetDemo',
    );
    expect((await fails('POST', '/webapi/Solution', { alias: 'FleetDemo', name: 'again' })).type).toBe(
      'RequestedOperationFailedException',
    );
    expect((await fails('POST', '/webapi/Solution', { alias: '', name: 'x' })).message).toBe(
      'Alias  is invalid',
    );
    expect((await fails('POST', '/webapi/Solution', { alias: 'has space', name: 'x' })).message).toBe(
      'Alias has space is invalid',
    );
    expect(sim.state.solutionByAlias('FleetDemo')?.id).toMatch(/^sln\.\d+$/);
  });

  it('runs the template lifecycle: create with defaults, edit (full replace), archive, unarchive, delete', async () => {
    expect(
      await ok('POST', '/webapi/RecordTemplate/HR', {
        globalAlias: { type: 'RecordTemplate', alias: 'Projects' },
        name: 'Проекты',
        description: 'd',
        isReferenceData: true,
      }),
    ).toBe('Projects');
    const attributes = await ok('GET', '/webapi/Attribute/List/Template@HR.Projects');
    expect(texts(attributes, (a) => a.globalAlias.alias)).toEqual([
      '_processes',
      'id',
      '_color',
      '_creator',
      '_creationDate',
      '_lastWriteDate',
      '_conversation',
      '_isDisabled',
    ]);
    expect(items(attributes).every((a) => a.isSystem === true)).toBe(true);
    expect((await ok('GET', '/webapi/Form/List/Template@HR.Projects'))[0].globalAlias.alias).toBe(
      'defaultForm',
    );
    expect((await ok('GET', '/webapi/Dataset/List/Template@HR.Projects'))[0].globalAlias.alias).toBe(
      'defaultList',
    );
    expect(
      texts(await ok('GET', '/webapi/UserCommand/List/Template@HR.Projects'), (b) => b.globalAlias.alias),
    ).toEqual(['create', 'edit', 'archive', 'delete', 'unarchive']);

    expect(
      await ok('PUT', '/webapi/RecordTemplate/HR', {
        globalAlias: { type: 'RecordTemplate', alias: 'Projects' },
        name: 'Projects v2',
      }),
    ).toBeNull();
    const edited = await ok('GET', '/webapi/RecordTemplate/HR/Projects');
    expect(edited).toMatchObject({ name: 'Projects v2', isReferenceData: false });
    expect(edited).not.toHaveProperty('description');

    await ok('PUT', '/webapi/RecordTemplate/HR/Projects/Disable');
    expect((await ok('GET', '/webapi/RecordTemplate/HR/Projects')).isDisabled).toBe(true);
    await ok('PUT', '/webapi/RecordTemplate/HR/Projects/Enable');
    expect((await ok('GET', '/webapi/RecordTemplate/HR/Projects')).isDisabled).toBe(false);

    expect(
      (
        await fails('POST', '/webapi/RecordTemplate/HR', {
          globalAlias: { type: 'RecordTemplate', alias: 'Projects' },
          name: 'dup',
        })
      ).type,
    ).toBe('RequestedOperationFailedException');
    await ok('DELETE', '/webapi/RecordTemplate/HR/Projects');
    expect((await fails('GET', '/webapi/RecordTemplate/HR/Projects')).type).toBe('ObjectNotFoundException');
    expect((await fails('GET', '/webapi/Attribute/List/Template@HR.Projects')).message).toBe(
      'Template@HR.Projects does not exist',
    );
  });

  it('reports an unknown application with the platform message', async () => {
    expect((await fails('GET', '/webapi/RecordTemplate/List/sln.1')).message).toBe(
      'Cannot get id for solution by solution alias: sln.1',
    );
    expect(
      (await fails('POST', '/webapi/Attribute/Nope', attributeBody('Employees', 'X', { type: 'String' })))
        .message,
    ).toBe('Cannot get id for solution by solution alias: Nope');
  });
});

describe('attributes', () => {
  it('creates attributes of every common type and lists them as non-system', async () => {
    const bodies: Record<string, Record<string, unknown>> = {
      Mobile: {
        type: 'String',
        format: 'PhoneRuMask',
        validationMaskRegex: '\\+7 \\(\\d{3}\\) \\d{3}-\\d{2}-\\d{2}',
        isUnique: true,
      },
      Rate: { type: 'Decimal', decimalPlaces: 3, isDigitGrouping: true },
      BirthDate: { type: 'DateTime', format: 'TimeTracker' },
      Vaccinated: { type: 'Boolean' },
      Level: {
        type: 'Enum',
        format: 'Indicator',
        variants: [
          {
            alias: { type: 'Variant', owner: 'Level', alias: 'junior' },
            name: { ru: 'Младший', en: 'Junior', de: 'Junior' },
            color: '#2196F3',
          },
          {
            alias: { type: 'Variant', owner: 'Level', alias: 'senior' },
            name: { en: 'Senior' },
            color: '#F44336',
          },
        ],
      },
      Mentor: {
        type: 'Instance',
        instanceGlobalAlias: { type: 'RecordTemplate', alias: 'Employees' },
        isMultiValue: false,
      },
      Passport: {
        type: 'Document',
        format: 'SignedDocument',
        fileFormat: ['PDF', 'jpeg', 'DWG'],
        isMultiValue: true,
      },
      Avatar: {
        type: 'Image',
        imageColorType: 'GreyScale',
        imageWidth: 64,
        imageHeight: 64,
        imagePreserveAspectRatio: false,
        fileFormat: ['PNG'],
      },
      Buddy: { type: 'Account', instanceGlobalAlias: { type: 'RecordTemplate', alias: '_Account' } },
      Access: { type: 'Role', isMultiValue: true },
      Sketch: { type: 'Drawing' },
      Tenure: { type: 'Duration', format: 'DurationD8HM' },
      Bonus: { type: 'Decimal', decimalPlaces: 0, isCalculated: true, expression: '$Salary * 0.1' },
    };
    for (const [alias, fields] of Object.entries(bodies))
      expect(await ok('POST', '/webapi/Attribute/HR', attributeBody('Employees', alias, fields))).toBe(alias);

    const list = await ok('GET', '/webapi/Attribute/List/Template@HR.Employees');
    const byAlias = new Map(items(list).map((a) => [String(a.globalAlias.alias), a]));
    for (const alias of Object.keys(bodies))
      expect(byAlias.get(alias)).toMatchObject({ isSystem: false, isDisabled: false });
    expect(byAlias.get('Passport')).toMatchObject({ fileFormat: ['Pdf', 'Jpeg', 'DWG'], isMultiValue: true });
    expect(byAlias.get('Level')).toMatchObject({
      format: 'Indicator',
      variants: [
        {
          alias: { type: 'Variant', owner: 'Level', alias: 'junior' },
          name: { ru: 'Младший', en: 'Junior', de: 'Junior' },
          color: '#2196F3',
        },
        {
          alias: { type: 'Variant', owner: 'Level', alias: 'senior' },
          name: { en: 'Senior' },
          color: '#F44336',
        },
      ],
    });
    expect(byAlias.get('Mentor')).toMatchObject({
      instanceGlobalAlias: { type: 'RecordTemplate', alias: 'Employees' },
    });
    expect(byAlias.get('Avatar')).toMatchObject({
      imageColorType: 'GreyScale',
      imageWidth: 64,
      imagePreserveAspectRatio: false,
    });
    const level = sim.state.childByAlias(sim.state.attributes, SEED.hr.templateIds.employees, 'Level');
    expect([...(level?.variantIds.values() ?? [])]).toEqual([
      expect.stringMatching(/^vv\.\d+$/),
      expect.stringMatching(/^vv\.\d+$/),
    ]);
  });

  it('rejects invalid attribute bodies with success:false', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['NoType', {}, /type is required/],
      ['BadType', { type: 'Text' }, /AttributeType/],
      ['BadFormat', { type: 'String', format: 'ShortDate' }, /not supported/],
      ['NoPlaces', { type: 'Decimal' }, /decimalPlaces is required/],
      ['NoLink', { type: 'Instance' }, /instanceGlobalAlias is required/],
      [
        'BadLink',
        { type: 'Instance', instanceGlobalAlias: { type: 'RecordTemplate', alias: 'Nope' } },
        /does not exist/,
      ],
      ['NoValues', { type: 'Enum', format: 'Text', variants: [] }, /at least one value/],
      [
        'BadColor',
        { type: 'Enum', variants: [{ alias: { alias: 'a' }, name: { en: 'A' }, color: 'red' }] },
        /Invalid color/,
      ],
      ['NoName', { type: 'Enum', variants: [{ alias: { alias: 'a' }, name: {} }] }, /needs a name/],
      ['NoExpression', { type: 'String', isCalculated: true }, /needs an expression/],
      ['BadExtension', { type: 'Document', fileFormat: ['EXE'] }, /FileFormat/],
      ['BadFlag', { type: 'String', isUnique: 'maybe' }, /System.Boolean/],
    ];
    for (const [alias, fields, message] of cases)
      expect(
        (await fails('POST', '/webapi/Attribute/HR', attributeBody('Employees', alias, fields))).message,
        alias,
      ).toMatch(message);
    expect(
      (await fails('POST', '/webapi/Attribute/HR', attributeBody('Employees', 'Phone', { type: 'String' })))
        .type,
    ).toBe('RequestedOperationFailedException');
    expect(
      (await fails('POST', '/webapi/Attribute/HR', attributeBody('Employees', '1abc', { type: 'String' })))
        .message,
    ).toBe('Alias 1abc is invalid');
    expect(
      (await fails('POST', '/webapi/Attribute/HR', attributeBody('Nope', 'X', { type: 'String' }))).message,
    ).toBe('Template@HR.Nope does not exist');
  });

  it('gets, edits (full replace), archives with a literal null body, unarchives and deletes an attribute', async () => {
    const phone = await ok('GET', '/webapi/Attribute/HR/Attribute@Employees.Phone');
    expect(phone).toMatchObject({ type: 'String', format: 'PhoneRuMask', name: 'Телефон', isSystem: false });
    expect(phone).not.toHaveProperty('id');

    expect(
      await ok(
        'PUT',
        '/webapi/Attribute/HR',
        attributeBody('Employees', 'FullName', { type: 'String', format: 'PlainText', name: 'Full name' }),
      ),
    ).toBeNull();
    const fullName = await ok('GET', '/webapi/Attribute/HR/Attribute@Employees.FullName');
    expect(fullName).toMatchObject({ name: 'Full name', isTitle: false, isIndexed: false, isTracked: false });

    for (const [action, disabled] of [
      ['Disable', true],
      ['Enable', false],
    ] as const) {
      const res = await call('PUT', `/webapi/Attribute/HR/Attribute@Employees.Phone/${action}`, undefined, {
        rawBody: 'null',
      });
      expect(res.json).toEqual({ response: null, success: true });
      expect((await ok('GET', '/webapi/Attribute/HR/Attribute@Employees.Phone')).isDisabled).toBe(disabled);
    }

    await ok('DELETE', '/webapi/Attribute/HR/Attribute@Employees.Phone');
    expect((await fails('GET', '/webapi/Attribute/HR/Attribute@Employees.Phone')).message).toBe(
      'Attribute@Employees.Phone does not exist',
    );
    expect(sim.state.records.get(SEED.records.ivanov)?.values.has('Phone')).toBe(false);
    expect(
      (await fails('PUT', '/webapi/Attribute/HR', attributeBody('Employees', 'Phone', { type: 'String' })))
        .type,
    ).toBe('ObjectNotFoundException');
  });

  it('drops record values that an attribute edit invalidates (removed enum values, a changed type)', async () => {
    const status = await ok('GET', '/webapi/Attribute/HR/Attribute@Employees.Status');
    await ok('PUT', '/webapi/Attribute/HR', { ...status, variants: items(status.variants).slice(0, 2) });
    expect(sim.state.records.get(SEED.records.ivanov)?.values.get('Status')).toBe(SEED.statusVariants.active);
    expect(sim.state.records.get(SEED.records.petrova)?.values.has('Status')).toBe(false);
    await ok(
      'PUT',
      '/webapi/Attribute/HR',
      attributeBody('Employees', 'Salary', { type: 'String', format: 'PlainText' }),
    );
    expect(sim.state.records.get(SEED.records.ivanov)?.values.has('Salary')).toBe(false);
  });

  it('guards system attributes with the observed InterceptedException', async () => {
    const error = await fails(
      'PUT',
      '/webapi/Attribute/HR',
      attributeBody('Employees', '_color', { type: 'Color' }),
    );
    expect(error).toEqual({
      message: '',
      type: 'RequestedOperationFailedException',
      inner: { message: '', type: 'InterceptedException' },
    });
    expect((await fails('DELETE', '/webapi/Attribute/HR/Attribute@Employees._creator')).inner.type).toBe(
      'InterceptedException',
    );
    expect((await fails('PUT', '/webapi/Attribute/HR/Attribute@Employees.id/Disable')).inner.type).toBe(
      'InterceptedException',
    );
  });
});

describe('records', () => {
  it('lists seeded records with system keys and camel-cased attribute keys', async () => {
    const employees = await ok('GET', '/webapi/Records/Template@HR.Employees');
    expect(texts(employees, (r) => r.id)).toEqual([
      SEED.records.ivanov,
      SEED.records.smith,
      SEED.records.petrova,
    ]);
    expect(employees[0]).toEqual({
      id: SEED.records.ivanov,
      _creator: SEED.accounts.hrManager,
      _creationDate: '2025-09-01T09:00:00Z',
      _lastWriteDate: '2025-09-01T09:00:00Z',
      fullName: 'Иванов Иван Иванович',
      phone: '+7 (912) 345-67-89',
      email: 'ivanov@example.com',
      salary: 120000,
      hireDate: '2021-03-15T00:00:00Z',
      isRemote: false,
      status: SEED.statusVariants.active,
      department: SEED.records.hrDepartment,
      contract: SEED.documents.ivanovContract,
      manager: SEED.accounts.hrManager,
      roles: [SEED.roles.hrManagers],
    });
  });

  it('creates, reads, partially edits, archives, unarchives and deletes a record', async () => {
    const id = await ok('POST', '/webapi/Record/Template@HR.Employees', {
      FullName: 'John Doe',
      Salary: '99000.50',
      HireDate: '2024-02-01',
      IsRemote: 'true',
      Status: 'vacation',
      Department: SEED.records.engineering,
      Roles: SEED.roles.administrators,
      unknownKey: 'ignored',
      fullname: 'wrong case, ignored',
    });
    expect(id).toMatch(/^\d+$/);
    const created = await ok('GET', `/webapi/Record/${id}`);
    expect(created).toMatchObject({
      id,
      _creator: SEED.accounts.admin,
      fullName: 'John Doe',
      salary: 99000.5,
      hireDate: '2024-02-01T00:00:00Z',
      isRemote: true,
      status: SEED.statusVariants.vacation,
      department: SEED.records.engineering,
      roles: [SEED.roles.administrators],
    });
    expect(created._creationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    expect(
      await ok('PUT', `/webapi/Record/${id}`, { Phone: '+7 (900) 000-00-00', phone: 'ignored', Nope: 1 }),
    ).toBeNull();
    expect(await ok('GET', `/webapi/Record/${id}`)).toMatchObject({
      fullName: 'John Doe',
      phone: '+7 (900) 000-00-00',
      salary: 99000.5,
    });
    await ok('PUT', `/webapi/Record/${id}`, { Phone: null });
    expect(await ok('GET', `/webapi/Record/${id}`)).not.toHaveProperty('phone');
    await ok('PUT', `/webapi/Record/${id}`, {});

    await ok('PUT', `/webapi/Record/${id}/Disable`);
    expect(texts(await ok('GET', '/webapi/Records/Template@HR.Employees'), (r) => r.id)).not.toContain(id);
    expect(await ok('GET', `/webapi/Record/${id}`)).toMatchObject({ _isDisabled: true });
    await ok('PUT', `/webapi/Record/${id}/Enable`);
    expect(texts(await ok('GET', '/webapi/Records/Template@HR.Employees'), (r) => r.id)).toContain(id);

    await ok('DELETE', `/webapi/Record/${id}`);
    expect((await call('GET', `/webapi/Record/${id}`)).status).toBe(404);
  });

  it('answers HTTP 404 "Object does not exist" for unknown record ids', async () => {
    for (const [method, path] of [
      ['GET', '/webapi/Record/424242'],
      ['PUT', '/webapi/Record/424242'],
      ['DELETE', '/webapi/Record/424242'],
      ['PUT', '/webapi/Record/424242/Disable'],
      ['GET', '/webapi/Record/account.999'],
    ] as const) {
      const res = await call(method, path, method === 'PUT' ? {} : undefined);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json).toEqual({
        response: null,
        error: { message: 'Object does not exist', type: 'ObjectNotFoundException' },
        success: false,
      });
    }
    expect(await ok('GET', '/webapi/Record/account.2')).toMatchObject({
      id: 'account.2',
      username: 'm.ivanova',
    });
  });

  it('validates values: types, links, enum values and uniqueness', async () => {
    const tga = '/webapi/Record/Template@HR.Employees';
    expect((await fails('POST', tga, { Salary: 'lots' })).message).toMatch(/Salary/);
    expect((await fails('POST', tga, { HireDate: 'someday' })).message).toMatch(/HireDate/);
    expect((await fails('POST', tga, { IsRemote: 'perhaps' })).message).toMatch(/IsRemote/);
    expect((await fails('POST', tga, { Status: 'vv.9999' })).message).toMatch(/enum/);
    expect((await fails('POST', tga, { Department: SEED.records.ivanov })).message).toMatch(/Departments/);
    expect((await fails('POST', tga, { Manager: 'account.404' })).message).toMatch(/account/);
    expect(
      (await fails('POST', tga, { Department: [SEED.records.engineering, SEED.records.accounting] })).message,
    ).toMatch(/single value/);
    expect((await fails('POST', tga, { Email: 'ivanov@example.com' })).message).toMatch(/unique/);
    expect(
      (await fails('PUT', `/webapi/Record/${SEED.records.smith}`, { Email: 'ivanov@example.com' })).message,
    ).toMatch(/unique/);
    expect((await fails('POST', tga, 'FullName=x')).type).toBe('ArgumentNullException');
    expect(await ok('POST', tga, {})).toMatch(/^\d+$/);
  });

  it('creates records in batch and archives/deletes them by id lists', async () => {
    const ids = await ok('POST', '/webapi/Records/Template@HR.Departments', [{ Title: 'A' }, { Title: 'B' }]);
    expect(ids).toHaveLength(2);
    await ok('PUT', '/webapi/Records/Disable', ids);
    expect(texts(await ok('GET', '/webapi/Records/Template@HR.Departments'), (r) => r.id)).not.toContain(
      ids[0],
    );
    await ok('PUT', '/webapi/Records/Enable', ids);
    await ok('DELETE', '/webapi/Records', ids);
    expect(sim.state.records.has(ids[0])).toBe(false);
    expect((await call('PUT', '/webapi/Records/Disable', ['nope'])).status).toBe(404);
  });
});

describe('record files', () => {
  it('downloads the seeded contract as raw bytes with its metadata', async () => {
    const meta = await ok('GET', `/webapi/Document/${SEED.documents.ivanovContract}`);
    expect(meta).toMatchObject({
      id: SEED.documents.ivanovContract,
      title: 'Трудовой договор Иванов',
      extension: 'pdf',
      isDeleted: false,
    });
    const content = await call(
      'GET',
      `/webapi/Document/${SEED.documents.ivanovContract}/Content`,
      undefined,
      { headers: { accept: '*/*' } },
    );
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('application/pdf');
    expect(content.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    expect(content.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await call('GET', '/webapi/Document/777777/Content')).status).toBe(404);
    expect((await call('GET', '/webapi/Document/777777')).status).toBe(404);
  });

  it('attaches documents with SetObjectDocument (byte array or base64), replacing or appending', async () => {
    const bytes = [...Buffer.from('hello, platform')];
    const set = await call('POST', '/api/public/system/TeamNetwork/DocumentService/SetObjectDocument', {
      objectId: SEED.records.smith,
      propertyAlias: 'Contract',
      fileName: 'contract.smith.txt',
      fileData: bytes,
      replace: true,
    });
    expect(set.status).toBe(200);
    const documentId = set.json;
    expect(typeof documentId).toBe('string');
    expect(sim.state.records.get(SEED.records.smith)?.values.get('Contract')).toBe(documentId);
    expect(await ok('GET', `/webapi/Document/${documentId}`)).toMatchObject({
      title: 'contract.smith',
      extension: 'txt',
    });
    const content = await call('GET', `/webapi/Document/${documentId}/Content`);
    expect(content.bytes.toString()).toBe('hello, platform');
    expect(content.headers.get('content-type')).toBe('text/plain');

    await ok(
      'POST',
      '/webapi/Attribute/HR',
      attributeBody('Employees', 'Scans', { type: 'Document', format: 'Attachment', isMultiValue: true }),
    );
    const path = '/api/public/system/TeamNetwork/DocumentService/SetObjectDocument';
    const first = (
      await call('POST', path, {
        objectId: SEED.records.smith,
        propertyAlias: 'Scans',
        fileName: 'a.pdf',
        fileData: Buffer.from('a').toString('base64'),
        replace: false,
      })
    ).json;
    const second = (
      await call('POST', path, {
        objectId: SEED.records.smith,
        propertyAlias: 'Scans',
        fileName: 'b.pdf',
        fileData: [98],
        replace: false,
      })
    ).json;
    expect(sim.state.records.get(SEED.records.smith)?.values.get('Scans')).toEqual([first, second]);
    const third = (
      await call('POST', path, {
        objectId: SEED.records.smith,
        propertyAlias: 'Scans',
        fileName: 'c.pdf',
        fileData: [99],
        replace: true,
      })
    ).json;
    expect(sim.state.records.get(SEED.records.smith)?.values.get('Scans')).toEqual([third]);

    const wrong = await call('POST', path, {
      objectId: SEED.records.smith,
      propertyAlias: 'FullName',
      fileName: 'x.txt',
      fileData: [1],
      replace: true,
    });
    expect(wrong.status).toBe(500);
    expect(wrong.json).toMatchObject({ type: 'ArgumentException' });
  });

  it('creates an image (bare id), links it with a record PUT and fetches it (bare model)', async () => {
    const created = await call('POST', '/webapi/Image/Create', {
      name: 'me.png',
      content: Buffer.from('PNGDATA').toString('base64'),
    });
    expect(created.status).toBe(200);
    const imageId = created.json;
    expect(imageId).toMatch(/^\d+$/);
    await ok('PUT', `/webapi/Record/${SEED.records.ivanov}`, { Photo: imageId });
    const values = await call('POST', '/api/public/system/TeamNetwork/ObjectService/GetPropertyValues', {
      objects: [SEED.records.ivanov],
      propertiesByAlias: ['Photo', 'Contract', 'FullName', 'Nope'],
    });
    expect(values.json).toEqual({
      [SEED.records.ivanov]: {
        id: SEED.records.ivanov,
        Photo: imageId,
        Contract: SEED.documents.ivanovContract,
        FullName: 'Иванов Иван Иванович',
      },
    });
    const image = await call('GET', `/webapi/Image?imageId=${imageId}`);
    expect(image.json).toEqual({
      name: 'me.png',
      format: 'png',
      content: Buffer.from('PNGDATA').toString('base64'),
    });
    expect((await call('GET', `/webapi/Image?imageid=${SEED.images.smithPhoto}`)).json.name).toBe(
      'jane-smith.png',
    );
    expect((await call('GET', '/webapi/Image?imageId=31337')).status).toBe(404);
    expect((await fails('PUT', `/webapi/Record/${SEED.records.ivanov}`, { Photo: '31337' })).message).toMatch(
      /image/,
    );
  });
});

describe('forms, datasets, toolbars and buttons', () => {
  it('replaces a form structurally (DELETE + POST) and rejects paths to unknown attributes', async () => {
    const form = await ok('GET', '/webapi/Form/HR/Form@Employees.defaultForm');
    expect(form.root.rows[0].layout.rows[0].components).toHaveLength(6);
    await ok('DELETE', '/webapi/Form/HR/Form@Employees.defaultForm');
    expect((await fails('GET', '/webapi/Form/HR/Form@Employees.defaultForm')).type).toBe(
      'ObjectNotFoundException',
    );
    const trimmed = structuredClone(form);
    trimmed.root.rows[0].layout.rows[0].components.length = 1;
    expect(await ok('POST', '/webapi/Form/HR', trimmed)).toBe('defaultForm');
    expect((await ok('GET', '/webapi/Form/HR/Form@Employees.defaultForm')).root).toEqual(trimmed.root);
    const bad = structuredClone(form);
    bad.globalAlias.alias = 'Broken';
    bad.root.rows[0].layout.rows[0].components[0].propertyPath[0].alias = 'Ghost';
    expect((await fails('POST', '/webapi/Form/HR', bad)).message).toBe(
      'Attribute@Employees.Ghost does not exist',
    );
    expect(
      await ok('POST', '/webapi/Form/HR', {
        globalAlias: { type: 'Form', owner: 'Employees', alias: 'Mini' },
        name: 'Mini',
        formSize: 'Small',
      }),
    ).toBe('Mini');
    expect(
      await ok('PUT', '/webapi/Form/HR', {
        globalAlias: { type: 'Form', owner: 'Employees', alias: 'Mini' },
        name: 'Mini 2',
        formSize: 'large',
      }),
    ).toBeNull();
    expect(await ok('GET', '/webapi/Form/HR/Form@Employees.Mini')).toMatchObject({
      name: 'Mini 2',
      formSize: 'Large',
      type: 'InternalForm',
    });
  });

  it('edits a dataset only on the application route: 405 on the Dataset@ route, key error without globalAlias', async () => {
    const dataset = await ok('GET', '/webapi/Dataset/HR/Dataset@Employees.defaultList');
    expect(dataset.columns).toHaveLength(5);
    expect((await call('PUT', '/webapi/Dataset/HR/Dataset@Employees.defaultList', dataset)).status).toBe(405);
    const edited = {
      ...dataset,
      name: 'Все',
      owner: 'Employees',
      alias: 'defaultList',
      totals: [{ propertyPath: dataset.columns[0].propertyPath, aggregationMethod: 'Count', type: 'String' }],
    };
    expect(await ok('PUT', '/webapi/Dataset/HR', edited)).toBeNull();
    const saved = await ok('GET', '/webapi/Dataset/HR/Dataset@Employees.defaultList');
    expect(saved).toMatchObject({ name: 'Все', totals: edited.totals });
    expect(saved).not.toHaveProperty('owner');
    const error = await fails('PUT', '/webapi/Dataset/HR', { ...dataset, globalAlias: null });
    expect(error).toEqual({
      message: 'Value cannot be null. Parameter name: key',
      type: 'ArgumentNullException',
    });
    expect(
      (
        await fails('PUT', '/webapi/Dataset/HR', {
          ...dataset,
          toolbar: { type: 'Toolbar', owner: 'Employees', alias: 'Ghost' },
        })
      ).message,
    ).toBe('Toolbar@Employees.Ghost does not exist');
  });

  it('binds toolbar flags case-insensitively, the later PascalCase duplicate winning', async () => {
    const toolbar = await ok('GET', '/webapi/Toolbar/HR/Toolbar@Employees.EmployeeToolbar');
    expect(toolbar.isDefaultForForms).toBe(true);
    await ok('PUT', '/webapi/Toolbar/HR', {
      ...toolbar,
      IsDefaultForForms: false,
      IsDefaultForLists: true,
      IsDefaultForTaskLists: false,
    });
    expect(await ok('GET', '/webapi/Toolbar/HR/Toolbar@Employees.EmployeeToolbar')).toMatchObject({
      isDefaultForForms: false,
      isDefaultForLists: true,
    });
    const bad = {
      ...toolbar,
      items: [{ action: { type: 'UserCommand', owner: 'Employees', alias: 'ghost' }, type: 'Action' }],
    };
    expect((await fails('PUT', '/webapi/Toolbar/HR', bad)).message).toBe(
      'UserCommand@Employees.ghost does not exist',
    );
  });

  it('creates, edits, archives and unarchives buttons; system buttons can only be renamed', async () => {
    const body = {
      globalAlias: { type: 'UserCommand', owner: 'Employees', alias: 'Promote' },
      container: { type: 'RecordTemplate', alias: 'Employees' },
      name: 'Повысить',
      context: 'Record',
      multiplicity: 'OneByOne',
      kind: 'UserEvent',
      resultType: 'DataChange',
      isPrepare: false,
      skipValidation: false,
      isConfirmationActive: false,
      navigationTarget: 'Undefined',
    };
    expect(await ok('POST', '/webapi/UserCommand/HR', body)).toBe('Promote');
    expect(
      (
        await fails('POST', '/webapi/UserCommand/HR', {
          ...body,
          globalAlias: { ...body.globalAlias, alias: 'Bad' },
          multiplicity: 'Many',
        })
      ).message,
    ).toMatch(/Multiplicity/);
    await ok('PUT', '/webapi/UserCommand/HR/UserCommand@Employees.Promote/Disable', {});
    expect((await ok('GET', '/webapi/UserCommand/HR/UserCommand@Employees.Promote')).isDisabled).toBe(true);
    await ok('PUT', '/webapi/UserCommand/HR/UserCommand@Employees.Promote/Enable', {});
    expect((await ok('GET', '/webapi/UserCommand/HR/UserCommand@Employees.Promote')).isDisabled).toBe(false);

    const edit = await ok('GET', '/webapi/UserCommand/HR/UserCommand@Employees.edit');
    await ok('PUT', '/webapi/UserCommand/HR', { ...edit, name: 'Редактировать', isPrepare: true });
    expect(await ok('GET', '/webapi/UserCommand/HR/UserCommand@Employees.edit')).toMatchObject({
      name: 'Редактировать',
      isPrepare: false,
      kind: 'Edit',
      isSystem: true,
    });
    expect((await fails('PUT', '/webapi/UserCommand/HR', { ...edit, kind: 'Script' })).inner.type).toBe(
      'InterceptedException',
    );
    await ok('PUT', '/webapi/UserCommand/HR', { globalAlias: edit.globalAlias, name: 'Правка' });
    expect(await ok('GET', '/webapi/UserCommand/HR/UserCommand@Employees.edit')).toMatchObject({
      name: 'Правка',
      kind: 'Edit',
    });
    expect((await fails('DELETE', '/webapi/UserCommand/HR/UserCommand@Employees.delete')).inner.type).toBe(
      'InterceptedException',
    );
  });
});

describe('system core (ontology, templates, processes)', () => {
  it('answers GetAxioms for bare, quoted and unknown ids, bare JSON without envelope', async () => {
    const path = '/api/public/system/Base/OntologyService/GetAxioms';
    const bare = await call('POST', path, undefined, { rawBody: SEED.hr.templateIds.employees });
    expect(bare.json).toMatchObject({ 'cmw.container.alias': ['Employees'], 'cmw.solution': [SEED.hr.id] });
    expect((await call('POST', path, SEED.hr.id)).json).toMatchObject({
      'cmw.solution.alias': ['HR'],
      'cmw.solution.name': ['Кадры'],
    });
    expect((await call('POST', path, 'oa.404')).json).toEqual({});
  });

  it('lists ids by predicate, reads by predicate and renames through AddStatement', async () => {
    const all = (
      await call('POST', '/api/public/system/Base/OntologyService/GetWithMultipleValues', {
        predicate: 'cmw.container.alias',
        min: 1,
        max: 10000,
      })
    ).json;
    expect(all).toEqual(
      expect.arrayContaining([
        { key: SEED.hr.templateIds.employees, value: ['Employees'] },
        { key: SEED.hr.templateIds.vacationRequest, value: ['VacationRequest'] },
      ]),
    );
    expect(
      (
        await call('POST', '/api/public/system/Base/OntologyService/GetAxiomsByPredicate', {
          id: SEED.roles.hrManagers,
          predicate: 'cmw.role.alias',
        })
      ).json,
    ).toEqual(['HRManagers']);

    const add = (subject: string, predicate: string, value: string) =>
      call('POST', '/api/public/system/Base/OntologyService/AddStatement', { subject, predicate, value });
    const departments = sim.state.templateByAlias(SEED.hr.id, 'Departments')!;
    expect((await add(departments.id, 'cmw.container.alias', 'Units')).json).toBe(true);
    expect(
      (await ok('GET', '/webapi/Attribute/HR/Attribute@Employees.Department')).instanceGlobalAlias,
    ).toEqual({ type: 'RecordTemplate', alias: 'Units' });
    const fullName = sim.state.childByAlias(sim.state.attributes, SEED.hr.templateIds.employees, 'FullName')!;
    expect((await add(fullName.id, 'cmw.object.alias', 'Name')).json).toBe(true);
    expect((await ok('GET', `/webapi/Record/${SEED.records.ivanov}`)).name).toBe('Иванов Иван Иванович');
    expect((await add(fullName.id, 'cmw.object.name', 'Имя')).json).toBe(true);
    expect((await ok('GET', '/webapi/Attribute/HR/Attribute@Employees.Name')).name).toBe('Имя');
    expect((await add('oa.404', 'cmw.object.name', 'x')).json).toBe(false);
    expect((await add(fullName.id, 'cmw.object.alias', 'bad alias')).json).toBe(false);
  });

  it('lists templates through TemplateService/List with the PascalCase filter', async () => {
    const records = (
      await call('POST', '/api/public/system/Solution/TemplateService/List', { Type: 'Record' })
    ).json;
    expect(records).toContainEqual({
      id: SEED.hr.templateIds.employees,
      alias: 'Employees',
      name: 'Сотрудники',
      solution: SEED.hr.id,
      solutionName: 'Кадры',
      solutionAlias: 'HR',
      type: 'Record',
    });
    expect(items(records).every((t) => t.type === 'Record')).toBe(true);
    expect(
      texts(
        (await call('POST', '/api/public/system/Solution/TemplateService/List', { Type: 'Process' })).json,
        (t) => t.id,
      ),
    ).toEqual([SEED.hr.templateIds.vacationRequest]);
    expect(
      (await call('POST', '/api/public/system/Solution/TemplateService/List', { Type: 'Role' })).json,
    ).toEqual([]);
  });

  it('serves the process schema chain: ProcessAppService/List → Get (bare id) → diagram axioms', async () => {
    const apps = (await call('POST', '/api/public/system/Process/ProcessAppService/List')).json;
    const app = items(apps).find((candidate) => candidate.alias === 'VacationRequest')!;
    const full = (
      await call('POST', '/api/public/system/Process/ProcessAppService/Get', undefined, { rawBody: app.id })
    ).json;
    const diagram = (
      await call('POST', '/api/public/system/Base/OntologyService/GetAxioms', undefined, {
        rawBody: full.activeDiagramId,
      })
    ).json;
    const activities: string[] = diagram['cmw.process.diagram.activities'];
    expect(activities.length).toBe(11);
    const task = (
      await call('POST', '/api/public/system/Base/OntologyService/GetAxioms', undefined, {
        rawBody: activities[3],
      })
    ).json;
    expect(task).toMatchObject({
      'http://www.w3.org/1999/02/22-rdf-syntax-ns#type': ['cmw.process.diagram.activity.Task'],
      'cmw.process.diagram.activity.title': ['Оформление приказа'],
      'cmw.process.diagram.activity.task.kind': ['User'],
    });
    const trigger = (
      await call(
        'POST',
        '/api/public/system/Base/OntologyService/GetAxioms',
        task['cmw.process.diagram.activity.exitTrigger'][0],
      )
    ).json;
    expect(trigger['cmw.trigger.name']).toEqual(['Уведомить сотрудника']);
    expect(
      (
        await call('POST', '/api/public/system/Process/ProcessAppService/Get', undefined, {
          rawBody: 'pa.404',
        })
      ).status,
    ).toBe(404);
  });
});

describe('export and import', () => {
  it('exports an application as a base64 ZIP of PascalCase JSON and imports it as a new application', async () => {
    const exported = await ok('GET', '/webapi/Transfer/HR');
    expect(exported.summary).toMatchObject({
      solutionAlias: 'HR',
      resultMessage: 'Export completed successfully',
    });
    const entries = readZip(Buffer.from(exported.data, 'base64'));
    const names = entries.map((entry) => entry.name);
    expect(names).toContain('HR/RecordTemplates/Employees/Attributes/Phone.json');
    expect(names).toContain('HR/ProcessTemplates/VacationRequest/Template.json');
    const phone = JSON.parse(entries.find((entry) => entry.name.endsWith('/Phone.json'))!.data.toString());
    expect(phone).toMatchObject({ GlobalAlias: { Alias: 'Phone' }, Format: 'PhoneRuMask' });

    const fileId = await ok('POST', '/webapi/Transfer/Upload', exported.data);
    expect((await ok('GET', `/webapi/Transfer/${fileId}/Validate`)).summaryMessage).toBe(
      'Validation completed successfully',
    );
    expect((await fails('POST', `/webapi/Transfer/HR/${fileId}/true/ApplyNew`, {})).type).toBe(
      'RequestedOperationFailedException',
    );
    const summary = await ok('POST', `/webapi/Transfer/HRCopy/${fileId}/true/ApplyNew`, {});
    expect(summary).toMatchObject({
      solutionAlias: 'HRCopy',
      resultMessage: 'Import completed successfully',
    });
    expect((await ok('GET', '/webapi/Attribute/HR/Attribute@Employees.Status')).variants).toEqual(
      (await ok('GET', '/webapi/Attribute/HRCopy/Attribute@Employees.Status')).variants,
    );
    expect((await ok('GET', '/webapi/Form/HRCopy/Form@Employees.defaultForm')).root.rows).toHaveLength(1);
    expect(await ok('POST', `/webapi/Transfer/HR/${fileId}/false/ApplyChanges`, {})).toMatchObject({
      solutionAlias: 'HR',
    });
    expect((await fails('POST', `/webapi/Transfer/HR/${fileId}/true/Overwrite`, {})).message).toMatch(
      /TransferPolicy/,
    );
    expect((await fails('POST', '/webapi/Transfer/HR/no-such-file/true/ApplyNew', {})).type).toBe(
      'ObjectNotFoundException',
    );
  });
});

describe('control surface', () => {
  it('reset() restores the seed and clears requests, faults and latency', async () => {
    await ok('POST', '/webapi/Solution', { alias: 'Temp', name: 'Temp' });
    await ok('DELETE', `/webapi/Record/${SEED.records.ivanov}`);
    sim.failNext('/webapi/Solution', 500);
    sim.setLatency(5000);
    sim.reset();
    expect(sim.requests).toEqual([]);
    expect(texts(await ok('GET', '/webapi/Solution'), (app) => app.alias)).toEqual(['HR', 'Fleet']);
    expect(sim.state.records.has(SEED.records.ivanov)).toBe(true);
    expect(sim.state.solutionByAlias('HR')?.id).toBe(SEED.hr.id);
    expect(sim.state.templateByAlias(SEED.hr.id, 'Employees')?.id).toBe(SEED.hr.templateIds.employees);
  });

  it('injects faults: a 500, a hang for timeout tests, a reset connection, a count and a method filter', async () => {
    sim.failNext('/webapi/Records/*', 500, { times: 2 });
    expect((await call('GET', '/webapi/Records/Template@HR.Employees')).status).toBe(500);
    const second = await call('GET', '/webapi/Records/Template@HR.Employees');
    expect(second.json).toMatchObject({ ExceptionType: 'System.InvalidCastException' });
    expect((await call('GET', '/webapi/Records/Template@HR.Employees')).status).toBe(200);

    sim.failNext(/Solution$/, 'hang', { method: 'POST' });
    expect((await call('GET', '/webapi/Solution')).status).toBe(200);
    await expect(
      call('POST', '/webapi/Solution', { alias: 'Slow', name: 'Slow' }, { timeoutMs: 150 }),
    ).rejects.toThrow();
    expect(sim.state.solutionByAlias('Slow')).toBeUndefined();

    sim.failNext('solution', 'reset');
    await expect(call('GET', '/webapi/Solution')).rejects.toThrow();
    sim.failNext('solution', { status: 503, body: 'Service Unavailable' });
    const unavailable = await call('GET', '/webapi/Solution');
    expect(unavailable.status).toBe(503);
    expect(unavailable.bytes.toString()).toBe('Service Unavailable');
    expect(sim.requests.filter((request) => request.injected)).toHaveLength(5);
  });

  it('delays answers by the configured latency', async () => {
    sim.setLatency(120);
    const started = Date.now();
    await ok('GET', '/webapi/Solution');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    await expect(call('GET', '/webapi/Solution', undefined, { timeoutMs: 40 })).rejects.toThrow();
  });

  it('strict mode answers 400 to non-conforming bodies and records the violation; assertRequestsConform checks a log', async () => {
    const strict = await startPlatformSimulator({ strict: true });
    try {
      const good = attributeBody('Employees', 'Nick', { type: 'String', format: 'plaintext' });
      expect((await callPlatform(strict, 'POST', '/webapi/Attribute/HR', good)).json).toEqual({
        response: 'Nick',
        success: true,
      });
      const toolbar = (
        await callPlatform(strict, 'GET', '/webapi/Toolbar/HR/Toolbar@Employees.EmployeeToolbar')
      ).json.response;
      expect(
        (await callPlatform(strict, 'PUT', '/webapi/Toolbar/HR', { ...toolbar, IsDefaultForForms: true }))
          .status,
      ).toBe(200);
      expect(strict.violations).toEqual([]);
      expect(assertRequestsConform(strict.requests)).toBe(3);

      const bad = await callPlatform(strict, 'POST', '/webapi/Attribute/HR', {
        ...good,
        type: 'Text',
        isUnique: 'yes',
      });
      expect(bad.status).toBe(400);
      expect(strict.violations).toEqual([
        expect.objectContaining({
          kind: 'request',
          operation: 'POST /webapi/Attribute/{solutionAlias}',
          errors: [expect.stringMatching(/\/type/), expect.stringMatching(/\/isUnique/)],
        }),
      ]);
      expect(
        (await callPlatform(strict, 'PUT', '/webapi/Dataset/HR/Dataset@Employees.defaultList', {})).status,
      ).toBe(405);
      expect(strict.violations[1]).toMatchObject({ kind: 'route' });
      expect(() => assertRequestsConform(strict.requests)).toThrow(/2 of 5 requests do not conform/);
      expect(assertRequestsConform(strict.requests, { ignore: (request) => request.status !== 200 })).toBe(3);
    } finally {
      await strict.close();
    }
  });
});
