import type { RefObject } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { UploadedFile } from '../api/api-types.js';
import type { PendingUpload } from '../state/use-conversation-files.js';
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
  /** Files attached since the last question (they go with the next one). */
  readonly attached?: readonly UploadedFile[];
  readonly uploads?: readonly PendingUpload[];
  readonly onAttach?: (files: readonly File[]) => void;
  readonly onRemoveFile?: (fileId: string) => void;
  readonly onDismissUpload?: (key: string) => void;
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
  attached = [],
  uploads = [],
  onAttach,
  onRemoveFile,
  onDismissUpload,
}: ComposerProps) {
  const { t, fmt } = useI18n();
  const picker = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

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
      class={`composer${dragging ? ' dragging' : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        if (running) onStop();
        else onSend();
      }}
      onDragOver={(event) => {
        if (!onAttach || !event.dataTransfer?.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        if (!onAttach) return;
        event.preventDefault();
        setDragging(false);
        onAttach([...(event.dataTransfer?.files ?? [])]);
      }}
    >
      {(attached.length > 0 || uploads.length > 0) && (
        <ul class="attachment-chips" aria-label={t.attachedFiles}>
          {attached.map((file) => (
            <li key={file.id} class="chip" data-state="done">
              <Icon name="clip" size={14} />
              <span class="chip-name">{file.name}</span>
              <span class="chip-size">{fmt.bytes(file.size)}</span>
              <button
                type="button"
                class="chip-remove"
                aria-label={t.removeFile(file.name)}
                title={t.removeFile(file.name)}
                onClick={() => onRemoveFile?.(file.id)}
              >
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
          {uploads.map((upload) => (
            <li key={upload.key} class="chip" data-state={upload.error ? 'failed' : 'uploading'}>
              <Icon name={upload.error ? 'alert' : 'clip'} size={14} />
              <span class="chip-name">{upload.name}</span>
              {upload.error ? (
                <>
                  <span class="chip-error" role="alert">
                    {upload.error}
                  </span>
                  <button
                    type="button"
                    class="chip-remove"
                    aria-label={t.dismiss}
                    title={t.dismiss}
                    onClick={() => onDismissUpload?.(upload.key)}
                  >
                    <Icon name="close" size={14} />
                  </button>
                </>
              ) : (
                <progress max={1} value={upload.progress} aria-label={t.uploading(upload.name)} />
              )}
            </li>
          ))}
        </ul>
      )}
      <div class="composer-box">
        {onAttach && (
          <>
            <input
              ref={picker}
              type="file"
              multiple
              class="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              data-testid="file-input"
              onChange={(event) => {
                onAttach([...(event.currentTarget.files ?? [])]);
                event.currentTarget.value = '';
              }}
            />
            <button
              type="button"
              class="attach-button"
              aria-label={t.attach}
              title={t.attach}
              onClick={() => picker.current?.click()}
            >
              <Icon name="clip" size={18} />
            </button>
          </>
        )}
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
