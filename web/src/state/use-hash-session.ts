import { useCallback, useEffect, useState } from 'preact/hooks';

const PREFIX = '#/c/';

function fromHash(hash: string): string | undefined {
  if (!hash.startsWith(PREFIX)) return undefined;
  const id = decodeURIComponent(hash.slice(PREFIX.length));
  return id === '' ? undefined : id;
}

/**
 * The open conversation lives in the URL fragment (`#/c/<id>`): back and forward switch conversations, a
 * reload reopens the same one, and the id never reaches a server log (fragments are not sent).
 */
export function useHashSession(): [string | undefined, (id: string | undefined, replace?: boolean) => void] {
  const [id, setId] = useState(() => fromHash(location.hash));
  useEffect(() => {
    const onChange = () => setId(fromHash(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((next: string | undefined, replace = false) => {
    const hash = next === undefined ? '' : `${PREFIX}${encodeURIComponent(next)}`;
    const url = `${location.pathname}${location.search}${hash}`;
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    setId(next);
  }, []);
  return [id, navigate];
}
