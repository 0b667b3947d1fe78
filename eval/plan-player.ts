import type { SimHandler, SimReply } from '../test/sim/llm/llm-simulator.js';
import { messageText, withoutContextBlocks } from '../test/sim/llm/message-text.js';
import type { EvalTask, Plan } from './eval-task.js';

/** The scripted models the LLM simulator plays, by the model id a run asks for. */
export const SCRIPTED_MODELS = {
  /** Plays each task's oracle plan. */
  oracle: 'oracle-plan',
  /**
   * The oracle plan, but first asking the person to confirm on the last turn of every task that has a
   * `confirmReply` (as the system prompt tells a model to do), and playing that turn after the reply.
   */
  cautious: 'cautious-oracle',
  /** Plays each task's wrong plan. */
  wrong: 'wrong-plan',
  /** Answers the person's message back, word for word, and calls no tool. */
  echo: 'echo',
} as const;

/** A scripted model's name. */
export type ScriptedMode = keyof typeof SCRIPTED_MODELS;

/** What the cautious model asks before the last turn's change. */
const CONFIRM_QUESTION = {
  ru: 'Перед изменением: я сделаю ровно то, о чём вы просите. Подтверждаете?',
  en: 'Before I change anything: I will make exactly the change you asked for. Shall I go ahead?',
} as const;

interface WireMessage {
  role?: string;
  content?: unknown;
}

const userText = (message: WireMessage): string => withoutContextBlocks(messageText(message.content)).trim();

/**
 * The LLM simulator's handler for the scripted models. It is stateless, so one simulator serves every task and
 * repeat at once: the conversation's first user message names the task, the number of user messages the turn,
 * and the number of assistant messages after the last user message the step of that turn's plan.
 * @param tasks - the tasks whose plans it plays
 */
export function planPlayer(tasks: readonly EvalTask[]): SimHandler {
  const byQuestion = new Map(tasks.map((t) => [t.turns[0]!.trim(), t]));
  const modes = new Map<string, ScriptedMode>(
    Object.entries(SCRIPTED_MODELS).map(([mode, id]) => [id, mode as ScriptedMode]),
  );
  return (request): SimReply => {
    const body = request.body as { model?: string; messages?: WireMessage[] };
    const messages = body.messages ?? [];
    const users = messages.filter((m) => m.role === 'user');
    const lastUser = messages.findLastIndex((m) => m.role === 'user');
    const mode = modes.get(body.model ?? '') ?? 'echo';
    if (mode === 'echo' || users.length === 0) return { text: users.length ? userText(users.at(-1)!) : '' };
    const first = userText(users[0]!);
    const task = byQuestion.get(first) ?? tasks.find((t) => first.endsWith(t.turns[0]!.trim()));
    if (!task) return { text: `(no task asks "${first.slice(0, 80)}")` };
    const plan: Plan = mode === 'wrong' ? task.wrong : task.oracle;
    const step = messages.slice(lastUser + 1).filter((m) => m.role === 'assistant').length;
    let turn = users.length - 1;
    if (mode === 'cautious' && task.confirmReply !== undefined) {
      const last = task.turns.length - 1;
      if (turn === last) return { text: CONFIRM_QUESTION[task.lang] };
      if (turn === last + 1) turn = last;
    }
    const reply = plan.turns[turn]?.[step];
    if (!reply) return { text: `(the ${mode} plan of ${task.id} has no step ${step + 1} here)` };
    return {
      ...(reply.text !== undefined ? { text: reply.text } : {}),
      ...(reply.toolCalls ? { toolCalls: reply.toolCalls } : {}),
    };
  };
}
