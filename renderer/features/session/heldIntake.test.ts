import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../shared/contract/session.js';
import { useAppStore } from '../../stores/appStore.js';
import { useCounterStore } from '../../stores/counterStore.js';
import { emptyDraft } from '../intake/draft.js';

// The half-filled intake belongs to one person: the lock keeps it for them, any change of
// person drops it, whatever path the change takes.

const lan: SessionInfo = { userId: 'u-lan', userName: 'Nguyễn Thị Lan', role: 'clerk', units: ['H29.01'] };
const minh: SessionInfo = { userId: 'u-minh', userName: 'Hoàng Văn Minh', role: 'clerk', units: ['H29.01'] };

function holdFor(person: SessionInfo): void {
  useCounterStore.getState().intakeHold({ ownerId: person.userId, ownerName: person.userName, draft: { ...emptyDraft, name: 'Trần Văn Dở' }, step: 'applicant' });
  useCounterStore.getState().setIntakeDirty(true);
}

describe('the held intake', () => {
  beforeEach(() => {
    useAppStore.getState().setSession(lan);
    useCounterStore.getState().intakeDiscard();
  });

  it('survives the lock and the same person unlocking', () => {
    holdFor(lan);
    useAppStore.getState().setLocked(true);
    useAppStore.getState().setSession({ ...lan });
    expect(useCounterStore.getState().intakeHeld?.draft.name).toBe('Trần Văn Dở');
    expect(useCounterStore.getState().intakeDirty).toBe(true);
  });

  it('is dropped when another person comes in, and when its owner signs out', () => {
    holdFor(lan);
    const nonce = useCounterStore.getState().intakeNonce;
    useAppStore.getState().setLocked(true);
    useAppStore.getState().setSession(minh);
    expect(useCounterStore.getState().intakeHeld).toBeNull();
    expect(useCounterStore.getState().intakeDirty).toBe(false);
    expect(useCounterStore.getState().intakeNonce).toBe(nonce + 1);

    holdFor(minh);
    useAppStore.getState().setSession(null);
    expect(useCounterStore.getState().intakeHeld).toBeNull();
  });
});
