import { z } from 'zod';
import { defineTool, type ToolDefinition } from '../define-tool.js';
import { ToolFailure } from '../tool-failure.js';

const number = (description: string) => z.number().finite().describe(description);
const pair = z.object({ a: number('The first number.'), b: number('The second number.') });

function finite(value: number): { result: number } {
  if (!Number.isFinite(value))
    throw new ToolFailure('The result is not a finite number (overflow or undefined).');
  return { result: value };
}

function mathTool(
  name: string,
  description: string,
  inputSchema: z.ZodObject<{ a: z.ZodNumber; b: z.ZodNumber }>,
  compute: (a: number, b: number) => number,
): ToolDefinition {
  return defineTool({
    name,
    group: 'math',
    description,
    inputSchema,
    destructive: false,
    readOnly: true,
    run: ({ a, b }) => finite(compute(a, b)),
  });
}

/** `add`: a + b (сложение). */
export const addTool = mathTool('add', 'Add two numbers: a + b (сложение, сумма).', pair, (a, b) => a + b);

/** `subtract`: a - b (вычитание). */
export const subtractTool = mathTool(
  'subtract',
  'Subtract the second number from the first: a - b (вычитание, разность).',
  pair,
  (a, b) => a - b,
);

/** `multiply`: a * b (умножение). */
export const multiplyTool = mathTool(
  'multiply',
  'Multiply two numbers: a * b (умножение, произведение).',
  pair,
  (a, b) => a * b,
);

/** `divide`: a / b (деление); b must not be zero. */
export const divideTool = mathTool(
  'divide',
  'Divide the first number by the second: a / b (деление, частное). b must not be zero.',
  z.object({ a: number('The numerator.'), b: number('The denominator; not zero.') }),
  (a, b) => {
    if (b === 0) throw new ToolFailure('Cannot divide by zero.');
    return a / b;
  },
);

/** `modulus`: the remainder of a / b for integers (остаток от деления). */
export const modulusTool = mathTool(
  'modulus',
  'The remainder of dividing integer a by integer b: a % b (остаток от деления). b must not be zero.',
  z.object({
    a: z.number().int().describe('The dividend, an integer.'),
    b: z.number().int().describe('The divisor, a non-zero integer.'),
  }),
  (a, b) => {
    if (b === 0) throw new ToolFailure('Cannot divide by zero.');
    return a % b;
  },
);

/** `power`: a to the power of b (возведение в степень). */
export const powerTool = mathTool(
  'power',
  'Raise the first number to the power of the second: a ** b (возведение в степень).',
  z.object({ a: number('The base.'), b: number('The exponent.') }),
  (a, b) => a ** b,
);

/** `square_root`: √a (квадратный корень); a negative number gives an imaginary root. */
export const squareRootTool = defineTool({
  name: 'square_root',
  group: 'math',
  description:
    'The square root of a number (квадратный корень). For a negative number the root is imaginary and is returned as real and imaginary parts.',
  inputSchema: z.object({ a: number('The number to take the square root of.') }),
  destructive: false,
  readOnly: true,
  run: ({ a }) => {
    if (a >= 0) return { result: Math.sqrt(a) };
    const imaginary = Math.sqrt(-a);
    return { result: `${imaginary}i`, real: 0, imaginary };
  },
});

/** The math tools of the original, same names and parameters. */
export const MATH_TOOLS: readonly ToolDefinition[] = [
  addTool,
  subtractTool,
  multiplyTool,
  divideTool,
  modulusTool,
  powerTool,
  squareRootTool,
];
