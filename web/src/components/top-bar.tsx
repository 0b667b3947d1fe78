import { useI18n } from '../i18n/i18n-context.js';
import { LOCALES, type Locale } from '../i18n/locale.js';
import { ExportMenu } from './export-menu.js';
import { Icon } from './icon.js';

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', ru: 'Русский' };

/** Props of {@link TopBar}. */
export interface TopBarProps {
  readonly sidebarOpen: boolean;
  readonly onToggleSidebar: () => void;
  readonly onLocale: (locale: Locale) => void;
  readonly onSettings: () => void;
  readonly canExport: boolean;
  readonly onExportMarkdown: () => void;
  readonly onExportHtml: () => void;
}

/** The header: the sidebar toggle, the name, export, language and settings. */
export function TopBar(props: TopBarProps) {
  const { t, locale } = useI18n();
  return (
    <header class="top-bar">
      <button
        type="button"
        class="icon-button"
        aria-expanded={props.sidebarOpen}
        aria-controls="sidebar"
        aria-label={props.sidebarOpen ? t.closeSidebar : t.openSidebar}
        title={props.sidebarOpen ? t.closeSidebar : t.openSidebar}
        onClick={props.onToggleSidebar}
      >
        <Icon name="menu" />
      </button>
      <div class="brand">
        <span class="brand-mark" aria-hidden="true">
          <Icon name="spark" size={18} />
        </span>
        <span class="brand-name">{t.appTitle}</span>
        <span class="brand-sub">{t.appSubtitle}</span>
      </div>
      <div class="top-actions">
        <ExportMenu
          disabled={!props.canExport}
          onMarkdown={props.onExportMarkdown}
          onHtml={props.onExportHtml}
        />
        <label class="language">
          <Icon name="globe" size={18} />
          <span class="visually-hidden">{t.language}</span>
          <select
            value={locale}
            onChange={(event) => props.onLocale(event.currentTarget.value as Locale)}
            aria-label={t.language}
          >
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="button ghost" onClick={props.onSettings} aria-label={t.settings}>
          <Icon name="gear" size={18} /> <span class="label-wide">{t.settings}</span>
        </button>
      </div>
    </header>
  );
}
