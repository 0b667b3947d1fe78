import { describe, expect, it } from 'vitest';
import { callTool, testContext } from '../../../test/platform/call-tool.js';

const ctx = testContext();

describe('math tools', () => {
  it.each([
    ['add', { a: 2, b: 3 }, 5],
    ['subtract', { a: 2, b: 3 }, -1],
    ['multiply', { a: 2.5, b: 4 }, 10],
    ['divide', { a: 7, b: 2 }, 3.5],
    ['modulus', { a: 7, b: 3 }, 1],
    ['power', { a: 2, b: 10 }, 1024],
    ['square_root', { a: 81 }, 9],
  ])('%s', async (name, input, result) => {
    expect(await callTool(ctx, name, input)).toEqual({ success: true, status: 200, data: { result } });
  });

  it('answers a clear error instead of throwing', async () => {
    expect(await callTool(ctx, 'divide', { a: 1, b: 0 })).toEqual({
      success: false,
      status: 400,
      error: 'Cannot divide by zero.',
    });
    expect(await callTool(ctx, 'modulus', { a: 1, b: 0 })).toMatchObject({ success: false, status: 400 });
    expect(await callTool(ctx, 'power', { a: 10, b: 400 })).toMatchObject({ success: false });
  });

  it('gives an imaginary square root for a negative number', async () => {
    expect(await callTool(ctx, 'square_root', { a: -4 })).toMatchObject({
      success: true,
      data: { result: '2i', real: 0, imaginary: 2 },
    });
  });
});
