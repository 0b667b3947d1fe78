const STORAGE_KEY = 'cmw.clientKey';
const KEY_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The secret that owns this browser's conversations (`X-Client-Key`): 32 random bytes in base64url
 * (43 characters), made once and kept in localStorage. Anyone with it can read the conversations, so it never
 * leaves this browser except in that header.
 */
export function getClientKey(storage: Storage = localStorage): string {
  const stored = storage.getItem(STORAGE_KEY);
  if (stored !== null && KEY_SHAPE.test(stored)) return stored;
  const key = newClientKey();
  storage.setItem(STORAGE_KEY, key);
  return key;
}

/** A fresh 43-character base64url key from the browser's cryptographic random source. */
export function newClientKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
