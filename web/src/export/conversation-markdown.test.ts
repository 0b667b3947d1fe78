import { describe, expect, it } from 'vitest';
import { i18nFor } from '../i18n/i18n-context.js';
import type { TurnView } from '../state/turn-view.js';
import { conversationToMarkdown } from './conversation-markdown.js';

const turns: TurnView[] = [
  {
    key: 't1',
    createdAt: '2025-03-01T10:00:00.000Z',
    question: 'List my apps\nplease',
    answer: '| App |\n|---|\n| HR |',
    phase: 'done',
    outcome: 'completed',
    tools: [
      { id: 'c1', name: 'list_applications', input: {}, status: 'done', output: ['HR'], durationMs: 1500 },
    ],
    model: 'sim-model',
    usage: { inputTokens: 1200, outputTokens: 30, costUsd: 0.0012 },
    durationMs: 3200,
  },
  {
    key: 't2',
    createdAt: '2025-03-01T10:01:00.000Z',
    question: 'Go on',
    answer: 'Partial',
    phase: 'done',
    outcome: 'interrupted',
    tools: [],
    error: { code: 'RUN_CANCELLED' },
  },
];

describe('conversationToMarkdown', () => {
  it('writes questions, tools, answers, markers and statistics', () => {
    const md = conversationToMarkdown(
      { title: 'Apps', turns },
      i18nFor('en'),
      new Date('2025-03-02T00:00:00Z'),
    );
    expect(md).toMatch(/^# Apps\n/);
    expect(md).toContain('> List my apps\n> please');
    expect(md).toContain('- `list_applications` — done, 1.5 sec');
    expect(md).toContain('| HR |');
    expect(md).toContain('_Tokens: 1,200 in · 30 out · Model: sim-model · Time: 3.2 sec · Cost: $0.0012_');
    expect(md).toContain('> ⚡ Response interrupted');
    expect(md).not.toContain('RUN_CANCELLED');
  });

  it('speaks Russian with Russian number formats', () => {
    const md = conversationToMarkdown({ title: 'Приложения', turns }, i18nFor('ru'));
    expect(md).toContain('## Вопрос 1');
    expect(md).toContain('Токены: 1\u00a0200 на входе');
    expect(md).toContain('> ⚡ Ответ прерван');
  });
});
