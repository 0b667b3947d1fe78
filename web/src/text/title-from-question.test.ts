import { describe, expect, it } from 'vitest';
import { titleFromQuestion } from './title-from-question.js';

describe('titleFromQuestion', () => {
  it('keeps a short question on one line', () => {
    expect(titleFromQuestion('  List my\napplications ')).toBe('List my applications');
  });

  it('cuts a long one at a word boundary', () => {
    const title = titleFromQuestion(
      'Создай шаблон «Сотрудники» с атрибутами ФИО, телефон, e-mail и дата рождения',
    );
    expect(title.endsWith('…')).toBe(true);
    expect([...title].length).toBeLessThanOrEqual(60);
    expect(title).toBe('Создай шаблон «Сотрудники» с атрибутами ФИО, телефон,…');
  });
});
