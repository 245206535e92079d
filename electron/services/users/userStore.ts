import { hash, verify } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { roles } from '../../../shared/contract/define.js';
import { AppError } from '../../../shared/contract/errors.js';
import { fileWriteAtomic } from '../fsAtomic.js';
import type { Session } from '../../ipc/session.js';

// The workstation's directory of people who may sign in. Two sources:
// - 'local': the administrator created at first-run setup and the people that administrator
//   adds; their password hash is made here from the password typed here.
// - 'server': the provincial server's directory for this workstation's units (who, role, units,
//   revoked), replaced at every sync. The server's password hashes never come here (issue 17):
//   the verifier of a server person is made HERE, argon2 with a fresh salt, from the password of
//   their last successful online sign-in at this workstation, and never leaves it. Until then it
//   is null, and the person can sign in only online.

const userSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  units: z.array(z.string()),
  /** The verifier this workstation checks a password against offline (see above); null: none yet. */
  passwordHash: z.string().nullable(),
  pinHash: z.string().nullable(),
  revoked: z.boolean(),
  source: z.enum(['local', 'server']),
});
export type UserRecord = z.infer<typeof userSchema>;
/** Version 2: a server person's `passwordHash` is a verifier made here. Version 1 (absent) held the server's hashes. */
const fileVersion = 2;
const fileSchema = z.object({ version: z.number().int().optional(), users: z.array(userSchema) });

/** What the server's directory says of a person; the rest of the record is this workstation's. */
export type ServerUser = Pick<UserRecord, 'userId' | 'username' | 'role' | 'units' | 'revoked'> & { displayName: string | undefined };

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: UserRecord['role'];
  units: string[];
  pin?: string | undefined;
}

export interface UserStore {
  list(): Promise<UserRecord[]>;
  add(user: NewUser): Promise<UserRecord>;
  /**
   * Replaces server-sourced users (names, roles, units, revocations) with the server's current
   * list, keeping what is this workstation's own: a PIN, and the verifier of the same account.
   */
  replaceFromServer(users: ServerUser[]): Promise<void>;
  /** At a successful online sign-in: a fresh verifier of that password for the server person; false if not in the directory. */
  verifierMake(username: string, password: string): Promise<boolean>;
  /** Offline check; `offline-sign-in-unavailable` for a server person never signed in online here. */
  verifyPassword(username: string, password: string): Promise<Session>;
  verifyPin(userId: string, pin: string): Promise<Session>;
}

function sessionOf(user: UserRecord): Session {
  return { userId: user.userId, userName: user.displayName, role: user.role, units: user.units };
}

export function userStoreCreate(dataDir: string): UserStore {
  const path = join(dataDir, 'users.json');
  async function read(): Promise<UserRecord[]> {
    let file: z.infer<typeof fileSchema>;
    try {
      file = fileSchema.parse(JSON.parse(await readFile(path, 'utf8')));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new AppError('settings-corrupt', `Danh sách người dùng ${path} bị hỏng`, { path });
    }
    if ((file.version ?? 1) >= fileVersion) return file.users;
    // A file from before issue 17 holds the server's hashes: they are dropped, and that person
    // signs in online once before signing in offline again.
    const users = file.users.map((u) => (u.source === 'server' ? { ...u, passwordHash: null } : u));
    await write(users);
    return users;
  }
  const write = (users: UserRecord[]): Promise<void> => fileWriteAtomic(path, JSON.stringify({ version: fileVersion, users }, null, 2));
  // Read-modify-write in turn: a directory refresh and a new verifier must not overwrite each other.
  let turn: Promise<unknown> = Promise.resolve();
  function update<T>(change: (users: UserRecord[]) => Promise<{ users: UserRecord[]; result: T }>): Promise<T> {
    const run = turn.then(async () => {
      const next = await change(await read());
      await write(next.users);
      return next.result;
    });
    turn = run.catch(() => undefined);
    return run;
  }
  const usable = (user: UserRecord | undefined): UserRecord => {
    if (!user) throw new AppError('unauthenticated', 'Sai tên đăng nhập hoặc mật khẩu');
    if (user.revoked) throw new AppError('forbidden', 'Tài khoản đã bị thu hồi. Liên hệ quản trị viên của tỉnh nếu cần dùng lại', { userId: user.userId });
    return user;
  };
  return {
    list: read,
    add: (input) =>
      update(async (users) => {
        const username = input.username.trim().toLowerCase();
        if (users.some((u) => u.username === username)) {
          throw new AppError('conflict', `Tên đăng nhập "${username}" đã có`, { field: 'username' });
        }
        const record: UserRecord = {
          userId: randomUUID(),
          username,
          displayName: input.displayName.trim(),
          role: input.role,
          units: input.units,
          passwordHash: await hash(input.password),
          pinHash: input.pin ? await hash(input.pin) : null,
          revoked: false,
          source: 'local',
        };
        return { users: [...users, record], result: record };
      }),
    replaceFromServer: (serverUsers) =>
      update(async (users) => {
        const local = users.filter((u) => u.source === 'local' && !serverUsers.some((s) => s.username === u.username));
        const fromServer = serverUsers.map((s): UserRecord => {
          const known = users.find((u) => u.username === s.username);
          const sameAccount = known?.source === 'server' && known.userId === s.userId;
          return {
            ...s,
            displayName: s.displayName ?? (sameAccount ? known.displayName : s.username),
            // Made from a password of this very account only: a new account under an old name starts without.
            passwordHash: sameAccount ? known.passwordHash : null,
            // A PIN is a per-workstation convenience the server does not know: keep it.
            pinHash: known?.pinHash ?? null,
            source: 'server',
          };
        });
        return { users: [...local, ...fromServer], result: undefined };
      }),
    verifierMake: async (username, password) => {
      const name = username.trim().toLowerCase();
      const verifier = await hash(password);
      return update(async (users) => {
        const found = users.some((u) => u.username === name && u.source === 'server');
        return { users: users.map((u) => (u.username === name && u.source === 'server' ? { ...u, passwordHash: verifier } : u)), result: found };
      });
    },
    async verifyPassword(username, password) {
      const user = (await read()).find((u) => u.username === username.trim().toLowerCase());
      if (user && user.passwordHash === null) {
        throw new AppError(
          'offline-sign-in-unavailable',
          `${user.displayName} chưa từng đăng nhập khi có mạng trên máy này, nên máy chưa thể kiểm tra mật khẩu khi mất mạng. Hãy đăng nhập một lần khi có mạng`,
          { userId: user.userId },
        );
      }
      // Verify against a dummy hash when the user is unknown so timing does not reveal names.
      const ok = await verify(user?.passwordHash ?? dummyHash, password).catch(() => false);
      if (!ok || !user) throw new AppError('unauthenticated', 'Sai tên đăng nhập hoặc mật khẩu');
      return sessionOf(usable(user));
    },
    async verifyPin(userId, pin) {
      const user = (await read()).find((u) => u.userId === userId);
      const ok = user?.pinHash ? await verify(user.pinHash, pin).catch(() => false) : false;
      if (!ok) throw new AppError('unauthenticated', 'Sai mã PIN');
      return sessionOf(usable(user));
    },
  };
}

const dummyHash = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$5Vn2z6eWz0C1bSx3i8bq0tL2k9bJtHkSx1Q2cq3b8tI';
