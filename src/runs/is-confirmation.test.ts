import { describe, expect, it } from 'vitest';
import { isConfirmation } from './is-confirmation.js';

describe('isConfirmation', () => {
  it.each(['yes', 'Yes!', 'yes, delete it', 'OK, go ahead', 'да', 'Да, удаляй', 'подтверждаю', 'Confirm.'])(
    'takes %j as a yes',
    (text) => expect(isConfirmation(text)).toBe(true),
  );
  it.each([
    'no',
    'нет',
    'yes but not the Phone one',
    'да, но не сейчас',
    'yesterday I added it',
    'what will it delete?',
    'ok'.padEnd(80, '.'),
    'delete Mobile instead',
  ])('does not take %j as a yes', (text) => expect(isConfirmation(text)).toBe(false));
});
