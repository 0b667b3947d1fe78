import { fileURLToPath } from 'node:url';

/**
 * Where `vite build web` writes the page: `<repo>/web/dist`. The same relative path holds from `src/http/ui`
 * (tests, tsx) and from `dist/http/ui` (the built server).
 */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));
