import { create } from 'zustand';
import type { ErrorBody } from '../../shared/contract/errors.js';
import type { CounterSession } from '../features/counter/counterSession.js';

interface CounterState {
  session: CounterSession | null;
  error: ErrorBody | null;
  /** The dossier page on screen, if any (worklists stay underneath). */
  openDossierId: string | null;
  setSession(session: CounterSession | null): void;
  setError(error: ErrorBody | null): void;
  openDossier(id: string | null): void;
}

export const useCounterStore = create<CounterState>((set) => ({
  session: null,
  error: null,
  openDossierId: null,
  setSession: (session) => set({ session, error: null }),
  setError: (error) => set({ error }),
  openDossier: (openDossierId) => set({ openDossierId }),
}));
