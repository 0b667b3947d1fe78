/** Words that start a yes, in English and Russian. */
const YES =
  /^(yes|yeah|yep|y|sure|ok|okay|confirm|confirmed|i confirm|go ahead|do it|proceed|approve|approved|да|ага|ок|окей|подтверждаю|подтвердить|подтверждено|согласен|согласна|давай|выполняй|делай|удаляй|архивируй)(?![\p{L}\p{N}])/u;
/** Words that turn it into a no or a change of mind. */
const NO =
  /(?<![\p{L}\p{N}])(no|not|don't|dont|cancel|stop|wait|нет|не|отмена|отмени|стоп|подожди)(?![\p{L}\p{N}])/u;

/**
 * Whether a person's message confirms the call held in the previous turn: a short message that starts with a yes
 * ("yes", "да", "ok, go ahead", "подтверждаю") and says no "no", "not", "нет", "не", "cancel"… anywhere. Anything
 * else — a question, a correction, a long message — is not a confirmation, and the held call is dropped.
 * @param text - the person's message as they wrote it
 */
export function isConfirmation(text: string): boolean {
  const words = text.trim().toLowerCase().replace(/\s+/g, ' ');
  return words.length <= 60 && YES.test(words) && !NO.test(words);
}
