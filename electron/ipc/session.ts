import type { Role } from '../../shared/contract/define.js';

/** Who is calling. Set by sign-in; `null` before anyone signs in on this workstation. */
export interface Session {
  userId: string;
  userName: string;
  role: Role;
  units: string[];
}

export interface CallContext {
  session: Session | null;
  origin: 'ipc' | 'ws' | 'test';
}
