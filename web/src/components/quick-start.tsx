import { useI18n } from '../i18n/i18n-context.js';
import { Icon } from './icon.js';

/** The welcome of an empty conversation with example questions; picking one fills the box, it does not send. */
export function QuickStart({ onPick }: { onPick: (prompt: string) => void }) {
  const { t } = useI18n();
  return (
    <section class="quick-start" aria-labelledby="quick-start-title">
      <div class="welcome-mark" aria-hidden="true">
        <Icon name="spark" size={28} />
      </div>
      <h1 class="welcome-title">{t.welcomeTitle}</h1>
      <p class="welcome-text">{t.welcomeText}</p>
      <h2 id="quick-start-title" class="examples-title">
        {t.examplesTitle}
      </h2>
      <ul class="examples">
        {t.examples.map((example) => (
          <li key={example.title}>
            <button type="button" class="example" onClick={() => onPick(example.prompt)}>
              <span class="example-title">{example.title}</span>
              <span class="example-prompt">{example.prompt}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
