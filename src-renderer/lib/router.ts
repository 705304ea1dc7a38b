import { useEffect, useState } from 'react';

/**
 * A tiny hash router: `#/today`, `#/students/<id>`, `#/visits/new?student=<id>`. The hash works the same in
 * Electron (file://) and in browser mode, and the back button moves between screens.
 */
export interface Route {
  /** path segments: `#/students/abc` → ['students', 'abc'] */
  readonly parts: readonly string[];
  readonly query: URLSearchParams;
}

function parse(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  if (!raw.startsWith('/')) return { parts: [], query: new URLSearchParams() };
  const [path = '', search = ''] = raw.split('?', 2);
  return {
    parts: path
      .split('/')
      .filter(Boolean)
      .map((p) => decodeURIComponent(p)),
    query: new URLSearchParams(search),
  };
}

export function currentRoute(): Route {
  return parse(window.location.hash);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const on = () => setRoute(currentRoute());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** Builds `#/a/b?x=1` from parts (encoded) and query. */
export function href(parts: readonly string[], query?: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return `#/${parts.map((p) => encodeURIComponent(p)).join('/')}${s ? `?${s}` : ''}`;
}

export function navigate(parts: readonly string[], query?: Record<string, string | undefined>): void {
  window.location.hash = href(parts, query);
}
