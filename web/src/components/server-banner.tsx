import { useI18n } from '../i18n/i18n-context.js';
import type { ServerConfigState } from '../state/use-server-config.js';
import { Icon } from './icon.js';

/** Props of {@link ServerBanner}. */
export interface ServerBannerProps {
  readonly server: ServerConfigState;
  /** An API key is saved in the settings. */
  readonly hasApiKey: boolean;
  readonly onOpenSettings: () => void;
}

/** Says so when the server cannot answer yet (with its reason), or wants an API key this browser lacks. */
export function ServerBanner({ server, hasApiKey, onOpenSettings }: ServerBannerProps) {
  const { t } = useI18n();
  if (server.status === 'loading') return null;
  if (server.status === 'loaded' && server.config.auth_required && !hasApiKey) {
    return (
      <div class="banner" role="status">
        <Icon name="alert" size={18} />
        <div>
          <strong>{t.authRequired}</strong>
          <p>
            <button type="button" class="button small" onClick={onOpenSettings}>
              <Icon name="gear" size={16} /> {t.openSettings}
            </button>
          </p>
        </div>
      </div>
    );
  }
  if (server.status === 'loaded' && server.config.ready) return null;
  const reason = server.status === 'loaded' ? server.config.reason : server.message;
  return (
    <div class="banner" role="status">
      <Icon name="alert" size={18} />
      <div>
        <strong>{server.status === 'loaded' ? t.serverNotReady : t.serverUnreachable}</strong>
        {reason && <p>{reason}</p>}
      </div>
    </div>
  );
}
