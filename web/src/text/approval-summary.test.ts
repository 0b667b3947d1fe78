import { describe, expect, it } from 'vitest';
import { i18nFor } from '../i18n/i18n-context.js';
import { approvalSummary } from './approval-summary.js';

describe('approvalSummary', () => {
  const { t } = i18nFor('en');
  it('says what a destructive call will do, in plain words', () => {
    const at = { application_system_name: 'HR', template_system_name: 'Employees' };
    expect(approvalSummary('delete_attribute', { ...at, system_name: 'Phone' }, t)).toBe(
      'Delete the attribute “Phone” of template “Employees” in application “HR”, with all its data.',
    );
    expect(
      approvalSummary(
        'archive_or_unarchive_attribute',
        { ...at, system_name: 'Phone', operation: 'unarchive' },
        t,
      ),
    ).toMatch(/^Restore the attribute “Phone”/);
    expect(
      approvalSummary(
        'archive_unarchive_button',
        { ...at, button_system_name: 'Send', operation: 'archive' },
        t,
      ),
    ).toBe('Archive the button “Send” of template “Employees”.');
    expect(approvalSummary('create_edit_record', {}, t)).toBe(
      'Run create_edit_record, which changes the platform.',
    );
  });

  it('speaks Russian', () => {
    const ru = i18nFor('ru').t;
    expect(approvalSummary('delete_attribute', { system_name: 'Phone' }, ru)).toMatch(
      /^Удалить атрибут «Phone»/,
    );
  });
});
