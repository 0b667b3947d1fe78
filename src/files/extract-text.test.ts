import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { extractText } from './extract-text.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('extractText', () => {
  it('reads every sheet of an XLSX, its header first, as tab-separated rows', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Сотрудники').addRows([
      ['ФИО', 'Стаж'],
      ['Иванов', 5],
    ]);
    book.addWorksheet('Notes').addRows([['ok']]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    expect(await extractText(bytes, XLSX, { htmlAsMarkdown: true })).toBe(
      '--- sheet Сотрудники ---\nФИО\tСтаж\nИванов\t5\n\n--- sheet Notes ---\nok',
    );
  });

  it('turns HTML into Markdown when asked, and refuses a type without text', async () => {
    const html = Buffer.from('<h2>Title</h2><p>See <a href="https://x.example">this</a> &amp; more</p>');
    expect(await extractText(html, 'text/html', { htmlAsMarkdown: true })).toBe(
      '## Title\n\nSee [this](https://x.example) & more',
    );
    await expect(extractText(Buffer.from([1, 2]), 'image/png', { htmlAsMarkdown: true })).rejects.toThrow(
      /no text to read/,
    );
  });
});
