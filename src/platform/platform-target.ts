/** Where and as whom one run talks to the platform. Never logged, stored or shown: it holds a password. */
export interface PlatformTarget {
  /** Base URL, already checked: origin plus optional path, no trailing slash (e.g. `https://cmw.example.com`). */
  readonly baseUrl: string;
  readonly login: string;
  readonly password: string;
}
