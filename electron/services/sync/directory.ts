import { z } from 'zod';
import { roles } from '../../../shared/contract/define.js';
import type { ServerUser, UserStore } from '../users/userStore.js';
import type { SyncClient } from './syncClient.js';

// The server's user directory for this workstation's units replaces the server-sourced part of
// the local user store at every sync, so a role change applies and a user revoked at the
// province is refused at the counter after the next sync, offline too (issue 13). It carries
// no password hashes (issue 17): offline sign-in checks a verifier this workstation made itself.

const directorySchema = z.object({
  users: z.array(
    z.object({
      id: z.number(),
      username: z.string(),
      // Absent from servers before migration 008.
      displayName: z.string().trim().min(1).max(120).optional(),
      role: z.enum(roles),
      units: z.array(z.string()),
      revoked: z.boolean(),
    }),
  ),
});

export async function directoryRefresh(client: SyncClient, users: UserStore): Promise<number> {
  const body = directorySchema.parse(await client.json('GET', '/api/users/directory'));
  const records: ServerUser[] = body.users.map((u) => ({
    userId: `srv-${u.id}`,
    username: u.username.toLowerCase(),
    displayName: u.displayName,
    role: u.role,
    units: u.units,
    revoked: u.revoked,
  }));
  await users.replaceFromServer(records);
  return records.length;
}
