import type { UserSummary } from '../../../shared/contract/session.js';
import { AppError } from '../../../shared/contract/errors.js';
import type { Services } from '../../app/services.js';
import type { UserRecord } from '../../services/users/userStore.js';
import type { Handler } from '../router.js';

function summaryOf(user: UserRecord): UserSummary {
  return {
    userId: user.userId,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    units: user.units,
    revoked: user.revoked,
    hasPin: user.pinHash !== null,
  };
}

export function sessionHandlers(services: Services): {
  'session:signIn': Handler<'session:signIn'>;
  'session:pinSwitch': Handler<'session:pinSwitch'>;
  'session:current': Handler<'session:current'>;
  'session:signOut': Handler<'session:signOut'>;
  'users:list': Handler<'users:list'>;
  'users:switchable': Handler<'users:switchable'>;
  'users:add': Handler<'users:add'>;
  'setup:admin': Handler<'setup:admin'>;
  'keys:personal': Handler<'keys:personal'>;
} {
  const { users, lockout, session } = services;
  async function guarded(key: string, attempt: () => Promise<ReturnType<typeof session.get>>) {
    const wait = lockout.waitMs(key);
    if (wait > 0) {
      throw new AppError('forbidden', `Đăng nhập sai nhiều lần. Thử lại sau ${Math.ceil(wait / 1000)} giây`, { retryAfterMs: wait });
    }
    try {
      const signedIn = await attempt();
      lockout.succeeded(key);
      session.set(signedIn);
      return signedIn;
    } catch (err) {
      if (err instanceof AppError && err.code === 'unauthenticated') lockout.failed(key);
      throw err;
    }
  }
  return {
    'session:signIn': async ({ username, password }) => {
      const signedIn = await guarded(`u:${username.toLowerCase()}`, () => users.verifyPassword(username, password));
      if (!signedIn) throw new AppError('internal', 'sign-in produced no session');
      return signedIn;
    },
    'session:pinSwitch': async ({ userId, pin }) => {
      const signedIn = await guarded(`p:${userId}`, () => users.verifyPin(userId, pin));
      if (!signedIn) throw new AppError('internal', 'sign-in produced no session');
      return signedIn;
    },
    'session:current': () => session.get(),
    'session:signOut': () => {
      session.set(null);
      return { signedOut: true as const };
    },
    'users:list': async () => (await users.list()).map(summaryOf),
    'users:switchable': async () =>
      (await users.list()).filter((u) => u.pinHash && !u.revoked).map((u) => ({ userId: u.userId, displayName: u.displayName })),
    'users:add': async (args) => summaryOf(await users.add(args)),
    'setup:admin': async (args) => {
      if ((await users.list()).length > 0) {
        throw new AppError('forbidden', 'Máy trạm đã có quản trị viên; người dùng mới do quản trị viên thêm');
      }
      const settings = await services.settings.get();
      if (!settings) throw new AppError('not-configured', 'Cần lưu thông tin đơn vị trước');
      return summaryOf(await users.add({ ...args, role: 'admin', units: [settings.agencyCode] }));
    },
    'keys:personal': async () => ({ keyBase64: (await services.keys.personalDataKey()).toString('base64') }),
  };
}
