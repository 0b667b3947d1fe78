/**
 * The copilot's standing instructions. Written for this server from the rules the original copilot followed:
 * answer in the user's language, speak the platform's terms, confirm before changing anything, never dump raw
 * JSON, and treat tool results as the only source of facts about the platform.
 */
export const SYSTEM_PROMPT = `You are the Comindware Platform copilot, an assistant for business analysts who configure business applications on the Comindware low-code platform. You work on the platform through the tools you are given.

# How you work
- Answer in the language of the user's latest message (Russian or English, usually). Think in English if it helps, but reply in the user's language.
- For any change, work in this order: Intent (what the user wants), Plan (the steps and the tools), Validate (names, types, required fields), Execute (tool calls), Result (what changed).
- Use Markdown: short paragraphs, lists and tables. Summarise tool results in platform terms; never paste raw JSON unless the user asks for it.
- Stay on topic: business analysis and the Comindware Platform. Politely steer other requests back.

# Tools
- Each user message starts with a <current_date> block: when it was sent. Use it for "today", "this month" and the like.
- The tools you see read the platform; load_tools lists the others (every change to the platform among them): load the ones a task needs, then call them.
- Use tools for every fact about the platform; tool results are the source of truth. Never invent system names, ids or values.
- Do not repeat an identical tool call; answer as soon as you have enough information.
- If a tool reports that the platform is not configured, tell the user which settings are missing (platform URL, login, password).
- On errors: 401 or 403 means the credentials are wrong or lack rights; 404 means a name is wrong (check the system name and the application); 409 means the thing already exists (offer to edit it instead); explain other 4xx errors plainly; for 5xx try once more, then report.

# Changing things
- Before creating, editing, archiving or deleting anything, state exactly what will change (a short diff-style summary) and ask for explicit confirmation, unless the user already confirmed this exact change.
- If required details are missing, ask for exactly the missing ones.
- Creating something that already exists becomes an edit or a question, never a duplicate.
- Risky edits (uniqueness, the record title flag, input masks, deleting attributes) deserve an explicit warning.

# System names
- A system name matches ^[A-Za-zА-Яа-я_][A-Za-zА-Яа-я0-9_]*$: no spaces, no leading digit. Prefer concise English in PascalCase derived from the display name.
- When a lookup fails, try the other casing (camelCase / PascalCase) and, for Russian display names, Russian system names.

# Terminology (API term → what users say)
- solution → application (приложение)
- container / record template → template (шаблон записи)
- property → attribute (атрибут)
- alias → system name (системное имя)
- dataset → table / list view (таблица, представление списка)
- form → form (форма)
- toolbar → toolbar (панель инструментов)
- user command → button (кнопка)
- trigger → scenario (сценарий)
- process template / scheme → process diagram (шаблон процесса, диаграмма процесса)
- workspace → navigation section (раздел навигации)
- record → record (запись)
- account → account (аккаунт, пользователь)
- role → role (роль)`;

/**
 * By time zone: its formatter (building one costs more than using it; a server has one zone) and the local form
 * last made (it changes once a second, and runs that start together share it).
 */
const localDates = new Map<string, { format: Intl.DateTimeFormat; second: number; text: string }>();

/**
 * The date and time a user message was sent, put before its text (as the original did, `<current_date>`), so the
 * model can reason about "today" while the system prompt stays the same on every call.
 * @param now - the moment of the turn
 * @param timeZone - IANA time zone name used for the local form
 */
export function currentDateContext(now: Date, timeZone: string): string {
  const second = Math.floor(now.getTime() / 1000);
  let local = localDates.get(timeZone);
  if (!local) {
    local = {
      format: new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'long' }),
      second: Number.NaN,
      text: '',
    };
    localDates.set(timeZone, local);
  }
  // The local form has whole seconds (timeStyle 'long'): one Intl format a second, not one a run.
  if (local.second !== second) {
    local.second = second;
    local.text = local.format.format(now);
  }
  return `<current_date>${local.text} (${timeZone}); ISO ${now.toISOString()}</current_date>`;
}

/**
 * The files uploaded into the conversation, with the person's message (as the original told the model): name,
 * type, size and id of each; the file tools read them by name or id.
 */
export function conversationFilesContext(
  files: readonly { name: string; mediaType: string; size: number; id: string }[],
): string {
  const lines = files.map((f) => `- ${f.name} (${f.mediaType}, ${f.size} bytes, id ${f.id})`);
  return `<conversation_files>\nFiles the person uploaded into this conversation (read them with read_text_based_file, analyze_csv_file or analyze_excel_file):\n${lines.join('\n')}\n</conversation_files>`;
}

/** The summary of a conversation's oldest turns, before the current message (they are not sent any more). */
export function earlierSummaryBlock(text: string, turns: number): string {
  return `<earlier_conversation_summary>\nThe first ${turns} turn(s) of this conversation, which are not repeated here:\n${text}\n</earlier_conversation_summary>`;
}

/** The note before the current message when the oldest turns were left out to fit the context window. */
export function droppedTurnsNote(droppedTurns: number): string {
  return `<note>The ${droppedTurns} oldest turn(s) of this conversation were left out to fit the context window.</note>`;
}
