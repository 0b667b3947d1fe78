import type { PlatformCredentials } from '../api/api-types.js';

/** What the user sets in the settings dialog; kept in this browser only. */
export interface BrowserSettings {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  /** Model id; empty means the server's default. */
  readonly model: string;
  /** Server API key for servers started with `API_KEYS`; usually empty. */
  readonly apiKey: string;
  /** The person's own key for the model's LLM provider, sent with each run when the server allows it. */
  readonly llmKey: string;
}

const STORAGE_KEY = 'cmw.settings';
const EMPTY: BrowserSettings = { baseUrl: '', username: '', password: '', model: '', apiKey: '', llmKey: '' };

/** The saved settings, or empty ones when none are saved or they cannot be read. */
export function loadBrowserSettings(storage: Storage = localStorage): BrowserSettings {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return EMPTY;
    const record = parsed as Record<string, unknown>;
    const str = (key: keyof BrowserSettings) => (typeof record[key] === 'string' ? record[key] : '');
    return {
      baseUrl: str('baseUrl'),
      username: str('username'),
      password: str('password'),
      model: str('model'),
      apiKey: str('apiKey'),
      llmKey: str('llmKey'),
    };
  } catch {
    return EMPTY;
  }
}

/** Saves the settings in localStorage. */
export function saveBrowserSettings(settings: BrowserSettings, storage: Storage = localStorage): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(settings));
}

/** The credentials to send with a run, or undefined when none are set (the server's defaults apply). */
export function credentialsOf(settings: BrowserSettings): PlatformCredentials | undefined {
  const credentials = {
    ...(settings.baseUrl.trim() ? { base_url: settings.baseUrl.trim() } : {}),
    ...(settings.username.trim() ? { username: settings.username.trim() } : {}),
    ...(settings.password ? { password: settings.password } : {}),
  };
  return Object.keys(credentials).length > 0 ? credentials : undefined;
}
