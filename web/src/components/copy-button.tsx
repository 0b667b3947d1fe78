import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n-context.js';
import { Icon } from './icon.js';

/** Copies text to the clipboard and says so for a moment. */
export function CopyButton({ text }: { text: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = () => {
    navigator.clipboard
      .writeText(text)
      .then(() => setCopied(true))
      .catch(() => undefined);
  };
  return (
    <button
      type="button"
      class="icon-button subtle"
      onClick={copy}
      aria-label={copied ? t.copied : t.copy}
      title={t.copy}
    >
      <Icon name={copied ? 'check' : 'copy'} size={16} />
    </button>
  );
}
