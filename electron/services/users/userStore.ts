import { hash, verify } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { roles } from '../../../shared/contract/define.js';
import { AppError } from '../../../shared/contract/errors.js';
import { fileWriteAtomic } from '../fsAtomic.js';
import type { Session } from '../../ipc/session.js';

// The workstation's directory of people who may sign in, with argon2 hashes so sign-in works
// offline. The provincial server hands these records to the workstations of each user's units
// (replacing the local copy at every sync); a workstation set up without a server holds the
// administrator created at first-run setup and the people that administrator adds.

const userSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  units: z.array(z.string()),
  passwordHash: z.string(),
  pinHash: z.string().nullable(),
  revoked: z.boolean(),
  source: z.enum(['local', 'server']),
});
export type UserRecord = z.infer<typeof userSchema>;
const fileSchema = z.object({ users: z.array(userSchema) });

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
  /** Replaces server-sourced users (hashes, roles, revocations) with the server's current list. */
  replaceFromServer(users: UserRecord[]): Promise<void>;
  verifyPassword(username: string, password: string): Promise<Session>;
  verifyPin(userId: string, pin: string): Promise<Session>;
}

function sessionOf(user: UserRecord): Session {
  return { userId: user.userId, userName: user.displayName, role: user.role, units: user.units };
}

export function userStoreCreate(dataDir: string): UserStore {
  const path = join(dataDir, 'users.json');
  async function read(): Promise<UserRecord[]> {
    try {
      return fileSchema.parse(JSON.parse(await readFile(path, 'utf8'))).users;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new AppError('settings-corrupt', `Danh sách người dùng ${path} bị hỏng`, { path });
    }
  }
  const write = (users: UserRecord[]): Promise<void> => fileWriteAtomic(path, JSON.stringify({ users }, null, 2));
  const usable = (user: UserRecord | undefined): UserRecord => {
    if (!user) throw new AppError('unauthenticated', 'Sai tên đăng nhập hoặc mật khẩu');
    if (user.revoked) throw new AppError('forbidden', 'Tài khoản đã bị thu hồi. Liên hệ quản trị viên của tỉnh nếu cần dùng lại', { userId: user.userId });
    return user;
  };
  return {
    list: read,
    async add(input) {
      const users = await read();
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
      await write([...users, record]);
      return record;
    },
    async replaceFromServer(serverUsers) {
      const local = (await read()).filter((u) => u.source === 'local' && !serverUsers.some((s) => s.username === u.username));
      await write([...local, ...serverUsers.map((u) => ({ ...u, source: 'server' as const }))]);
    },
    async verifyPassword(username, password) {
      const user = (await read()).find((u) => u.username === username.trim().toLowerCase());
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
