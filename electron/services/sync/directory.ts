import { z } from 'zod';
import { roles } from '../../../shared/contract/define.js';
import type { UserRecord, UserStore } from '../users/userStore.js';
import type { SyncClient } from './syncClient.js';

// The server's user directory for this workstation's units replaces the server-sourced part of
// the local user store at every sync, so sign-in works offline with current hashes and a user
// revoked at the province is refused at the counter after the next sync (issue 13).

const directorySchema = z.object({
  users: z.array(
    z.object({
      id: z.number(),
      username: z.string(),
      // Absent from servers before migration 008.
      displayName: z.string().trim().min(1).max(120).optional(),
      role: z.enum(roles),
      units: z.array(z.string()),
      passwordHash: z.string(),
      revoked: z.boolean(),
    }),
  ),
});

export async function directoryRefresh(client: SyncClient, users: UserStore): Promise<number> {
  const body = directorySchema.parse(await client.json('GET', '/api/users/directory'));
  const local = await users.list();
  const records: UserRecord[] = body.users.map((u) => {
    const username = u.username.toLowerCase();
    const known = local.find((l) => l.username === username);
    return {
      userId: `srv-${u.id}`,
      username,
      displayName: u.displayName ?? (known?.source === 'server' ? known.displayName : username),
      role: u.role,
      units: u.units,
      passwordHash: u.passwordHash,
      // A PIN is a per-workstation convenience the server does not know: keep it.
      pinHash: known?.pinHash ?? null,
      revoked: u.revoked,
      source: 'server',
    };
  });
  await users.replaceFromServer(records);
  return records.length;
}
