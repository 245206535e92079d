import { AppError } from '../../../shared/contract/errors.js';
import type { Services } from '../../app/services.js';
import { syncServiceOf, type SyncService } from '../../services/sync/syncService.js';
import type { Handler } from '../router.js';
import { sessionHandlers } from './session.js';

// Replication commands, and online sign-in: composed AFTER sessionHandlers, this factory's
// `session:signIn` wraps the offline one. When the server answers, the person logs in there
// too (a server session for sync), the user directory of this workstation's units replaces the
// local copy, and the workstation makes its own verifier of the password the server accepted,
// before the password is checked locally — so a revoked user is refused, and the person can
// sign in here offline later. The server's password hashes never come here (issue 17).

export function syncServiceFor(services: Services): SyncService {
  return syncServiceOf(services, {
    dataDir: services.config.dataDir,
    settings: services.settings,
    keys: services.keys,
    users: services.users,
    blobs: services.blobs,
    bus: services.bus,
  });
}

export function syncHandlers(services: Services): {
  'sync:pull': Handler<'sync:pull'>;
  'sync:push': Handler<'sync:push'>;
  'sync:filesFetch': Handler<'sync:filesFetch'>;
  'sync:filesUpload': Handler<'sync:filesUpload'>;
  'sync:now': Handler<'sync:now'>;
  'sync:status': Handler<'sync:status'>;
  'session:signIn': Handler<'session:signIn'>;
} {
  const sync = syncServiceFor(services);
  const offlineSignIn = sessionHandlers(services)['session:signIn'];
  // A refusal may come from a revocation this workstation has not heard of: fetch the directory
  // now (with the server session it holds, if any) so the stale local copy cannot let the
  // person in later with the link down. Best effort: without a session nothing changes.
  async function revokedAfterRefresh(username: string): Promise<boolean> {
    const refreshed = await sync.directoryRefresh().then(
      () => true,
      (err: unknown) => {
        if (err instanceof AppError) return false;
        throw err;
      },
    );
    return refreshed && (await services.users.list()).some((u) => u.username === username && u.revoked);
  }
  return {
    'sync:pull': ({ collection, checkpoint, limit }) => sync.pull(collection, checkpoint, limit),
    'sync:push': ({ collection, rows }) => sync.push(collection, rows),
    'sync:filesFetch': async ({ sha256 }) => sync.files.download(sha256),
    'sync:filesUpload': async ({ sha256 }) => sync.files.upload(sha256),
    'sync:now': async () => {
      await sync.directoryRefresh().catch((err: unknown) => {
        if (!(err instanceof AppError)) throw err;
      });
      return sync.client.status();
    },
    'sync:status': () => sync.client.status(),
    'session:signIn': async (args, ctx) => {
      const username = args.username.trim().toLowerCase();
      const known = (await services.users.list()).find((u) => u.username === username);
      // A person created on this workstation alone (first-run administrator) has no server account.
      if (known?.source === 'local') return offlineSignIn(args, ctx);
      let reached: 'online' | 'offline';
      try {
        // Online, this also refreshes the directory and makes the offline verifier of the password.
        reached = await sync.signInOnline(username, args.password);
      } catch (err) {
        // The server refused (wrong password, disabled, too many attempts): so does the counter.
        if (err instanceof AppError && err.code === 'unauthenticated') {
          // The server says no more than "wrong password" to a revoked account. When the local
          // directory holds the revocation, the local check tells the person why (and still only
          // once the password is right, against this workstation's own verifier, if it has one);
          // it can never let a revoked person in.
          if (known && (known.revoked || (await revokedAfterRefresh(known.username)))) {
            const current = (await services.users.list()).find((u) => u.username === username);
            if (current?.passwordHash) return offlineSignIn(args, ctx);
          }
          throw new AppError('unauthenticated', 'Sai tên đăng nhập hoặc mật khẩu');
        }
        if (err instanceof AppError && err.code === 'forbidden') throw err;
        // Someone this PC has never seen can only be checked by the server: say why it could not
        // be reached (offline, certificate refused) rather than "wrong password".
        if (!known && err instanceof AppError) throw err;
        reached = 'offline';
      }
      if (reached === 'offline' && !known && (await services.settings.get().catch(() => null))?.serverUrl) {
        throw new AppError('offline-sign-in-unavailable', `Không kết nối được máy chủ tỉnh, và "${username}" chưa từng đăng nhập trên máy này. Lần đầu cần đăng nhập khi có mạng`);
      }
      // Offline: checked against the verifier made here at the person's last online sign-in
      // (`offline-sign-in-unavailable` when there is none yet).
      return offlineSignIn(args, ctx);
    },
  };
}
