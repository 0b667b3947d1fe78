import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n-context.js';
import { Icon } from './icon.js';

/** Props of {@link ExportMenu}. */
export interface ExportMenuProps {
  readonly disabled: boolean;
  readonly onMarkdown: () => void;
  readonly onHtml: () => void;
}

/** A button that opens the two export formats; Escape or a click elsewhere closes it. */
export function ExportMenu({ disabled, onMarkdown, onHtml }: ExportMenuProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLButtonElement>('[role=menuitem]')?.focus();
    const onClick = (event: Event) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const items = [...(root.current?.querySelectorAll<HTMLButtonElement>('[role=menuitem]') ?? [])];
        const at = items.indexOf(document.activeElement as HTMLButtonElement);
        const next = (at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
        items[next]?.focus();
      }
    };
    document.addEventListener('click', onClick);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('click', onClick);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const pick = (action: () => void) => () => {
    setOpen(false);
    button.current?.focus();
    action();
  };

  return (
    <div class="menu" ref={root}>
      <button
        type="button"
        ref={button}
        class="button ghost"
        disabled={disabled}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="export-menu"
        aria-label={t.exportMenu}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="download" size={18} /> <span class="label-wide">{t.exportMenu}</span>
      </button>
      {open && (
        <ul class="menu-list" id="export-menu" role="menu" aria-label={t.exportMenu}>
          <li role="none">
            <button type="button" role="menuitem" onClick={pick(onMarkdown)}>
              {t.exportMarkdown}
            </button>
          </li>
          <li role="none">
            <button type="button" role="menuitem" onClick={pick(onHtml)}>
              {t.exportHtml}
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}
