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

/**
 * A screen with unsaved work (a half-filled visit) registers a guard: when the address is about to change to
 * another screen, the guard may hold the navigation (the address is put back) and ask first, then call `proceed`.
 * Registered once, before any screen listens, so the other hashchange listeners never see a held navigation.
 */
type LeaveGuard = (target: string, proceed: () => void) => boolean;
let guard: LeaveGuard | null = null;
let passing: string | null = null;

export function setLeaveGuard(g: LeaveGuard | null): void {
  guard = g;
}

if (typeof window !== 'undefined')
  window.addEventListener('hashchange', (e) => {
    const target = window.location.hash;
    if (!guard || passing === target) {
      passing = null;
      return;
    }
    const from = new URL(e.oldURL).hash;
    const proceed = () => {
      passing = target;
      window.location.hash = target;
    };
    if (guard(target, proceed)) {
      e.stopImmediatePropagation();
      history.replaceState(null, '', from || '#/');
    }
  });
