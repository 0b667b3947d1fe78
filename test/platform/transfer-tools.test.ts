import { describe, expect, it } from 'vitest';
import { expectData, strictPlatformSuite } from './strict-platform-suite.js';

const suite = strictPlatformSuite();

describe('export_application', () => {
  it('describes the CTF archive without passing a large one to the model', async () => {
    const result = await suite.call('export_application', { application_system_name: 'HR' });
    const out = expectData(result);
    expect(out).toMatchObject({
      application: 'HR',
      result_message: 'Export completed successfully',
      log: [{ type: 'Info', message: expect.stringMatching(/^Exported \d+ files$/) }],
      archive: {
        format: 'zip',
        size_bytes: expect.any(Number),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        templates: expect.arrayContaining(['RecordTemplates/Employees', 'ProcessTemplates/VacationRequest']),
      },
      saved_to_file: false,
      note: expect.stringMatching(/not passed to the model.*no file store/),
    });
    expect(out.archive.files).toContain('HR/RecordTemplates/Employees/Attributes/FullName.json');
    expect(out.archive.size_bytes).toBeGreaterThan(6 * 1024);
    expect(out.archive.content_base64).toBeUndefined();
    expect(JSON.stringify(result).length).toBeLessThan(12_000);
    expect(suite.sim.requests.map((r) => `${r.method} ${r.decodedPath}`)).toEqual([
      'GET /webapi/Transfer/HR',
    ]);
  });

  it('includes a tiny archive, and answers an unknown application with 404', async () => {
    suite.sim.failNext('Transfer/Tiny', {
      status: 200,
      body: {
        response: { data: Buffer.from('not a zip').toString('base64'), summary: { resultMessage: 'ok' } },
        success: true,
      },
    });
    const tiny = await suite.call('export_application', {
      application_system_name: 'Tiny',
      save_to_file: false,
    });
    const tinyData = expectData(tiny);
    expect(tinyData).toMatchObject({
      archive: { format: 'unknown', size_bytes: 9, content_base64: 'bm90IGEgemlw' },
    });
    expect(tinyData.note).not.toMatch(/file store/);
    expect(await suite.call('export_application', { application_system_name: 'Nope' })).toMatchObject({
      success: false,
      status: 404,
      error: expect.stringMatching(/Cannot get id for solution by solution alias: Nope/),
    });
  });
});
