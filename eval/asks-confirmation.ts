const CONFIRM_WORDS = [
  /\b(confirm|proceed|go ahead|shall i|should i|want me to|would you like me to|ok to|okay to|are you sure|reply yes)\b/i,
  /(подтверд|подтвержд|продолж|выполн|приступ|хотите|уверен|применить|согласн|ответьте .?да)/i,
];
const EXPLICIT = /(подтверд|подтвержд|\bconfirm)/i;

/**
 * Whether an answer asks the person to confirm a change before it is made (the system prompt tells the model to
 * do so): a question with a confirmation word ("Shall I…?", "Подтверждаете?"), or an explicit request to confirm.
 * A question that asks for something else ("Which one do you mean?") is not one.
 * @param answer - the model's answer
 */
export function asksConfirmation(answer: string): boolean {
  if (EXPLICIT.test(answer)) return true;
  return answer.includes('?') && CONFIRM_WORDS.some((words) => words.test(answer));
}
