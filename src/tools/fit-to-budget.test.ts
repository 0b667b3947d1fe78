import { describe, expect, it } from 'vitest';
import { fitToBudget } from './fit-to-budget.js';

describe('fitToBudget', () => {
  it('leaves small data alone', () => {
    expect(fitToBudget({ a: [1, 2, 3] }, 1000)).toEqual({ data: { a: [1, 2, 3] } });
  });

  it('keeps the first items of a long list, with a note', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ alias: `Attribute${i}`, name: `Name ${i}` }));
    const out = fitToBudget(items, 2000);
    expect(JSON.stringify(out.data).length).toBeLessThanOrEqual(2000);
    const kept = out.data as unknown[];
    expect(kept.length).toBeGreaterThan(10);
    expect(kept[0]).toEqual(items[0]);
    expect(out.note).toMatch(new RegExp(`first ${kept.length} of 500 items`));
  });

  it('shortens the largest list inside an object and keeps the other fields', () => {
    const data = {
      template: 'Cars',
      count: 400,
      attributes: Array.from({ length: 400 }, (_, i) => ({ alias: `A${i}` })),
    };
    const out = fitToBudget(data, 1500);
    const kept = out.data as typeof data;
    expect(kept.template).toBe('Cars');
    expect(kept.count).toBe(400);
    expect(kept.attributes.length).toBeLessThan(400);
    expect(out.note).toMatch(/"attributes" shows the first \d+ of 400 items/);
    expect(JSON.stringify(kept).length).toBeLessThanOrEqual(1500);
  });

  it('truncates anything else as JSON text', () => {
    const out = fitToBudget({ text: 'x'.repeat(5000) }, 1000);
    expect(typeof out.data).toBe('string');
    expect((out.data as string).length).toBeLessThanOrEqual(1000);
    expect(out.note).toMatch(/truncated JSON text/);
  });
});
