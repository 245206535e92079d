import { create } from 'zustand';
import type { ErrorBody } from '../../shared/contract/errors.js';
import type { CounterSession } from '../features/counter/counterSession.js';

interface CounterState {
  session: CounterSession | null;
  error: ErrorBody | null;
  /** The dossier page on screen, if any (worklists stay underneath). */
  openDossierId: string | null;
  /** A half-filled intake: switching user or starting another intake must not drop it silently. */
  intakeDirty: boolean;
  /** Bumped to start a fresh intake (F2 on a saved one). */
  intakeNonce: number;
  setIntakeDirty(dirty: boolean): void;
  intakeRestart(): void;
  setSession(session: CounterSession | null): void;
  setError(error: ErrorBody | null): void;
  openDossier(id: string | null): void;
}

export const useCounterStore = create<CounterState>((set) => ({
  session: null,
  error: null,
  openDossierId: null,
  intakeDirty: false,
  intakeNonce: 0,
  setIntakeDirty: (intakeDirty) => set({ intakeDirty }),
  intakeRestart: () => set((s) => ({ intakeNonce: s.intakeNonce + 1, intakeDirty: false })),
  setSession: (session) => set({ session, error: null }),
  setError: (error) => set({ error }),
  openDossier: (openDossierId) => set({ openDossierId }),
}));
