import { useEffect, useRef, useState } from 'preact/hooks';
import type { ServerConfig } from '../api/api-types.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { BrowserSettings } from '../state/browser-settings.js';
import { Icon } from './icon.js';

/** Props of {@link SettingsDialog}. */
export interface SettingsDialogProps {
  readonly open: boolean;
  readonly settings: BrowserSettings;
  readonly config: ServerConfig | undefined;
  readonly onSave: (settings: BrowserSettings) => void;
  readonly onClose: () => void;
}

/** Platform credentials and the model, kept in this browser only. A modal `<dialog>`: focus stays inside. */
export function SettingsDialog({ open, settings, config, onSave, onClose }: SettingsDialogProps) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState(settings);
  const [showPassword, setShowPassword] = useState(false);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      setDraft(settings);
      setShowPassword(false);
      el.showModal();
    } else if (!open && el.open) el.close();
  }, [open, settings]);

  const set = (key: keyof BrowserSettings) => (event: Event) =>
    setDraft((d) => ({ ...d, [key]: (event.currentTarget as HTMLInputElement | HTMLSelectElement).value }));

  const passwordProps = {
    name: 'password',
    value: draft.password,
    autoComplete: 'current-password',
    'aria-describedby': 'credentials-note',
    onInput: set('password'),
  };
  const models = config?.models ?? [];
  const knownModel = draft.model === '' || models.some((m) => m.id === draft.model);
  // One group of options per provider, in the server's order (the default provider first).
  const providers = [...new Set(models.map((m) => m.provider ?? ''))];

  return (
    <dialog ref={dialog} class="settings" aria-labelledby="settings-title" onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onSave(draft);
          onClose();
        }}
      >
        <header class="dialog-header">
          <h2 id="settings-title">{t.settingsTitle}</h2>
          <button type="button" class="icon-button" aria-label={t.close} title={t.close} onClick={onClose}>
            <Icon name="close" />
          </button>
        </header>
        <fieldset>
          <legend>{t.platformSection}</legend>
          <p class="field-note" id="credentials-note">
            {t.credentialsNote}
          </p>
          <label class="field">
            <span>{t.platformUrl}</span>
            <input
              type="url"
              name="base_url"
              value={draft.baseUrl}
              placeholder="https://platform.example.com"
              autoComplete="url"
              spellcheck={false}
              onInput={set('baseUrl')}
            />
          </label>
          <label class="field">
            <span>{t.login}</span>
            <input
              type="text"
              name="username"
              value={draft.username}
              autoComplete="username"
              spellcheck={false}
              onInput={set('username')}
            />
          </label>
          <label class="field">
            <span>{t.password}</span>
            {/* Two elements rather than a changing `type`: each input type has its own attributes. */}
            {showPassword ? (
              <input type="text" {...passwordProps} />
            ) : (
              <input type="password" {...passwordProps} />
            )}
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={showPassword}
              onChange={(event) => setShowPassword(event.currentTarget.checked)}
            />
            <span>{t.showPassword}</span>
          </label>
          <button
            type="button"
            class="button small"
            onClick={() => setDraft((d) => ({ ...d, baseUrl: '', username: '', password: '' }))}
          >
            {t.forgetCredentials}
          </button>
        </fieldset>
        <fieldset>
          <legend>{t.modelSection}</legend>
          <label class="field">
            <span>{t.modelLabel}</span>
            <select name="model" value={draft.model} onChange={set('model')}>
              <option value="">{t.modelDefault(config?.default_model ?? config?.model ?? '')}</option>
              {providers.map((provider) => (
                <optgroup key={provider} label={provider}>
                  {models
                    .filter((m) => (m.provider ?? '') === provider)
                    .map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.name ?? m.id}
                      </option>
                    ))}
                </optgroup>
              ))}
              {!knownModel && <option value={draft.model}>{draft.model}</option>}
            </select>
          </label>
          <label class="field">
            <span>{t.apiKeyLabel}</span>
            <input
              type="password"
              name="api_key"
              value={draft.apiKey}
              autoComplete="off"
              onInput={set('apiKey')}
            />
          </label>
          {config?.client_llm_keys === true && (
            <label class="field">
              <span>{t.llmKeyLabel}</span>
              <input
                type="password"
                name="llm_key"
                value={draft.llmKey}
                autoComplete="off"
                aria-describedby="llm-key-note"
                onInput={set('llmKey')}
              />
              <small class="field-note" id="llm-key-note">
                {t.llmKeyNote}
              </small>
            </label>
          )}
        </fieldset>
        <footer class="dialog-footer">
          <button type="button" class="button ghost" onClick={onClose}>
            {t.cancel}
          </button>
          <button type="submit" class="button primary">
            {t.save}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
