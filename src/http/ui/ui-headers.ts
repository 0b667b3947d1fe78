/**
 * Headers of the page itself. The CSP is a second wall behind DOMPurify: scripts only from this origin, no
 * inline handlers, no plugins, no framing, and images only from here (a model cannot make the browser send
 * conversation text to another host through an image URL).
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Vite's hashed file names never change content: cache them for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The page and other unhashed files: always revalidate, so a new build is seen at once. */
export const REVALIDATE = 'no-cache';
