import type { RefObject } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import { useI18n } from '../i18n/i18n-context.js';
import { Icon } from './icon.js';

/** Props of {@link Composer}. */
export interface ComposerProps {
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly onSend: () => void;
  readonly onStop: () => void;
  /** A run of this conversation is live: Stop replaces Send. */
  readonly running: boolean;
  readonly stopping: boolean;
  /** A run of another conversation is live: sending waits. */
  readonly blocked: boolean;
  readonly inputRef: RefObject<HTMLTextAreaElement | null>;
}

const MAX_HEIGHT_PX = 240;

/** The question box: Enter sends, Shift+Enter adds a line; Send turns into Stop while the answer comes. */
export function Composer({
  value,
  onInput,
  onSend,
  onStop,
  running,
  stopping,
  blocked,
  inputRef,
}: ComposerProps) {
  const { t } = useI18n();

  // Grows with the text up to a limit, then scrolls.
  useLayoutEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [value, inputRef]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    if (!running && !blocked) onSend();
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        if (running) onStop();
        else onSend();
      }}
    >
      <div class="composer-box">
        <label for="question" class="visually-hidden">
          {t.questionLabel}
        </label>
        <textarea
          id="question"
          ref={inputRef}
          rows={1}
          value={value}
          placeholder={t.placeholder}
          aria-describedby="composer-hint"
          onInput={(event) => onInput(event.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
        {running ? (
          <button
            type="submit"
            class="send-button stop"
            disabled={stopping}
            aria-label={stopping ? t.stopping : t.stop}
          >
            <Icon name="stop" size={18} />
            <span class="send-label">{stopping ? t.stopping : t.stop}</span>
          </button>
        ) : (
          <button
            type="submit"
            class="send-button"
            disabled={blocked || value.trim() === ''}
            aria-label={t.send}
          >
            <Icon name="send" size={18} />
            <span class="send-label">{t.send}</span>
          </button>
        )}
      </div>
      <p id="composer-hint" class="composer-hint">
        {blocked ? t.busyElsewhere : t.composerHint}
      </p>
    </form>
  );
}
