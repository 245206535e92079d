import { create } from 'zustand';
import type { ErrorBody } from '../../shared/contract/errors.js';
import type { CounterSession } from '../features/counter/counterSession.js';
import type { Draft } from '../features/intake/draft.js';
import type { WorklistId } from '../db/worklists.js';
import { useAppStore } from './appStore.js';

/**
 * A half-filled intake, held here rather than in the wizard: the idle lock unmounts the whole
 * shell, and the clerk who unlocks must find the citizen's form as it was. It belongs to one
 * person only; it is never shown to anyone else (see the subscription below).
 */
export interface HeldIntake {
  ownerId: string;
  ownerName: string;
  draft: Draft;
  step: string;
}

export interface WorklistView {
  tab: WorklistId;
  query: string;
  counts: Partial<Record<WorklistId, number>>;
}

const worklistFresh: WorklistView = { tab: 'received-today', query: '', counts: {} };

interface CounterState {
  session: CounterSession | null;
  error: ErrorBody | null;
  /** The dossier page on screen, if any (worklists stay underneath). */
  openDossierId: string | null;
  /** A half-filled intake: switching user or starting another intake must not drop it silently. */
  intakeDirty: boolean;
  /** Bumped to start a fresh intake (F2 on a saved one). */
  intakeNonce: number;
  intakeHeld: HeldIntake | null;
  /** Usernames seen at password sign-in in this window, so the lock screen can tell the draft's owner from someone else. */
  usernames: Record<string, string>;
  /**
   * The worklist as the clerk left it (tab, search, last counts): the dossier page replaces the
   * list, and Esc must bring back the same list and search, not a fresh one.
   */
  worklist: WorklistView;
  worklistSet(view: Partial<WorklistView>): void;
  setIntakeDirty(dirty: boolean): void;
  intakeRestart(): void;
  intakeHold(held: HeldIntake | null): void;
  /** Drops the half-filled intake deliberately (the clerk chose "Bỏ hồ sơ đang nhập"). */
  intakeDiscard(): void;
  usernameRemember(userId: string, username: string): void;
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
  intakeHeld: null,
  usernames: {},
  worklist: worklistFresh,
  worklistSet: (view) => set((s) => ({ worklist: { ...s.worklist, ...view } })),
  setIntakeDirty: (intakeDirty) => set({ intakeDirty }),
  intakeRestart: () => set((s) => ({ intakeNonce: s.intakeNonce + 1, intakeDirty: false, intakeHeld: null })),
  intakeHold: (intakeHeld) => set({ intakeHeld }),
  intakeDiscard: () => set((s) => ({ intakeNonce: s.intakeNonce + 1, intakeDirty: false, intakeHeld: null })),
  usernameRemember: (userId, username) => set((s) => ({ usernames: { ...s.usernames, [userId]: username } })),
  setSession: (session) => set({ session, error: null }),
  setError: (error) => set({ error }),
  openDossier: (openDossierId) => set({ openDossierId }),
}));

// Whatever the path (sign-out, PIN switch, another sign-in on the lock screen, a revocation
// pushed by the main side), a change of person drops the previous person's intake: one
// person's draft is never carried into another person's session. The dialogs ask first;
// this is the guarantee behind them.
useAppStore.subscribe((state, previous) => {
  if (state.session?.userId === previous.session?.userId) return;
  // Nor their search for a citizen's name.
  useCounterStore.setState({ worklist: worklistFresh });
  const { intakeHeld, intakeDirty, intakeDiscard } = useCounterStore.getState();
  if (intakeHeld ? intakeHeld.ownerId !== state.session?.userId : intakeDirty) intakeDiscard();
});
