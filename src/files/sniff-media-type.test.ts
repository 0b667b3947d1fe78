import { describe, expect, it } from 'vitest';
import { sanitizeFileName } from './sanitize-file-name.js';
import { sniffMediaType } from './sniff-media-type.js';

describe('sniffMediaType', () => {
  it('tells types by their bytes, not by the name', () => {
    expect(sniffMediaType(Buffer.from('%PDF-1.7\n...'), 'report.txt')).toBe('application/pdf');
    expect(sniffMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'x.pdf')).toBe(
      'image/png',
    );
    expect(sniffMediaType(Buffer.from('PK\u0003\u0004....word/document.xml', 'latin1'), 'a.bin')).toMatch(
      /wordprocessingml/,
    );
    expect(sniffMediaType(Buffer.from('PK\u0003\u0004....xl/workbook.xml', 'latin1'), 'a')).toMatch(
      /spreadsheetml/,
    );
    expect(sniffMediaType(Buffer.from([0, 1, 2, 3]), 'data.csv')).toBe('application/octet-stream');
  });

  it('tells text formats by the extension once the bytes are text', () => {
    expect(sniffMediaType(Buffer.from('ФИО;Отдел\nИванов;ИТ\n'), 'staff.csv')).toBe('text/csv');
    expect(sniffMediaType(Buffer.from('# Title'), 'spec.md')).toBe('text/markdown');
    expect(sniffMediaType(Buffer.from('plain'), 'notes')).toBe('text/plain');
  });
});

describe('sanitizeFileName', () => {
  it('keeps the last segment without control or reserved characters', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\me\\Отчёт "Q4".xlsx')).toBe('Отчёт _Q4_.xlsx');
    expect(sanitizeFileName('a\u0000b.txt')).toBe('a_b.txt');
    expect(sanitizeFileName('...')).toBe('file');
    expect(sanitizeFileName(`${'x'.repeat(300)}.docx`)).toMatch(/^x{195}\.docx$/);
  });
});
