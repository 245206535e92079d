import { useEffect } from 'react';
import { useAppStore } from '../../stores/appStore.js';

/**
 * Locks the screen after `minutes` without keyboard or mouse input, and at once on Ctrl+L.
 * While locked the shell is not rendered at all, so nothing personal stays on screen.
 */
export function useIdleLock(minutes: number): void {
  const setLocked = useAppStore((s) => s.setLocked);
  const signedIn = useAppStore((s) => s.session !== null);
  useEffect(() => {
    if (!signedIn) return undefined;
    let timer = window.setTimeout(() => setLocked(true), minutes * 60_000);
    const activity = (): void => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setLocked(true), minutes * 60_000);
    };
    const shortcut = (event: KeyboardEvent): void => {
      if (event.ctrlKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        setLocked(true);
      }
    };
    const events = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;
    for (const name of events) window.addEventListener(name, activity, { passive: true });
    window.addEventListener('keydown', shortcut);
    return () => {
      window.clearTimeout(timer);
      for (const name of events) window.removeEventListener(name, activity);
      window.removeEventListener('keydown', shortcut);
    };
  }, [minutes, setLocked, signedIn]);
}
