import { create } from 'zustand';
import type { AppStatus } from '../../shared/contract/app.js';
import type { ErrorBody } from '../../shared/contract/errors.js';
import type { SessionInfo } from '../../shared/contract/session.js';
import type { ClockStatus } from '../../shared/contract/clock.js';

export type Screen = 'home' | 'intake' | 'worklists' | 'book' | 'day' | 'settings';

export function landingScreen(role: SessionInfo['role']): Screen {
  return role === 'admin' ? 'home' : 'worklists';
}

interface AppState {
  phase: 'loading' | 'fatal' | 'setup' | 'ready';
  session: SessionInfo | null;
  locked: boolean;
  clock: ClockStatus | null;
  status: AppStatus | null;
  fatal: ErrorBody | null;
  screen: Screen;
  online: boolean;
  pendingSync: number;
  setStatus(status: AppStatus): void;
  setFatal(error: ErrorBody): void;
  setScreen(screen: Screen): void;
  setOnline(online: boolean): void;
  setPendingSync(count: number): void;
  resetup(): void;
  setSession(session: SessionInfo | null): void;
  setLocked(locked: boolean): void;
  setClock(clock: ClockStatus): void;
}

export const useAppStore = create<AppState>((set) => ({
  phase: 'loading',
  session: null,
  locked: false,
  clock: null,
  status: null,
  fatal: null,
  screen: 'home',
  online: false,
  pendingSync: 0,
  setStatus: (status) => set({ status, phase: status.configured && status.hasUsers ? 'ready' : 'setup', fatal: null }),
  setFatal: (fatal) => set({ fatal, phase: 'fatal' }),
  setScreen: (screen) => set({ screen }),
  setOnline: (online) => set({ online }),
  setPendingSync: (pendingSync) => set({ pendingSync }),
  resetup: () => set({ phase: 'setup', fatal: null }),
  // A person coming in starts on their work: the clerk's day is the worklist (F2 for an intake from
  // there); the administrator's on the welcome page with the settings. Unlocking keeps the screen.
  setSession: (session) =>
    set((s) => ({ session, locked: false, ...(session && session.userId !== s.session?.userId ? { screen: landingScreen(session.role) } : {}) })),
  setLocked: (locked) => set({ locked }),
  setClock: (clock) => set({ clock }),
}));
