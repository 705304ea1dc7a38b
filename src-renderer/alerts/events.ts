import { useEffect } from 'react';

/**
 * The header polls alerts.summary; when its revision changes (an alert raised here, or pulled after the district
 * server's alert stream said so) it announces it, and every alert list on screen reloads at once instead of on its
 * next poll.
 */
export const ALERTS_CHANGED_EVENT = 'whitecross:alerts-changed';

export function announceAlertsChanged(): void {
  window.dispatchEvent(new Event(ALERTS_CHANGED_EVENT));
}

export function useAlertsChanged(reload: () => void): void {
  useEffect(() => {
    window.addEventListener(ALERTS_CHANGED_EVENT, reload);
    return () => window.removeEventListener(ALERTS_CHANGED_EVENT, reload);
  }, [reload]);
}
