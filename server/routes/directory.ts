import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/db.js';
import { httpProtocolCheck, type AuthContext } from '../http.js';
import { routeCaller } from './routePolicy.js';

// The user directory a workstation keeps for its units (issues 13 and 17): everyone who acts for
// one of the caller's units, with the role, those units, and whether the account is revoked, so
// a role change or a revocation reaches the counter at its next sync and holds offline.
// It never carries a password hash: a hash leaves the server in no answer (issue 17). A
// workstation checks offline sign-ins against a verifier it made itself at the person's last
// online sign-in there. Every staff role may read it, for its own units only: each needs its
// unit's list on its counters, and nothing in it helps attack a password.

export interface DirectoryUser {
  id: number;
  username: string;
  /** The full name for receipts and figures; the user name when provincial IT gave none. */
  displayName: string;
  role: string;
  /** Only those of the caller's units the person acts for. */
  units: string[];
  revoked: boolean;
}

export async function directoryOf(db: Db, units: string[]): Promise<DirectoryUser[]> {
  if (units.length === 0) return [];
  const rows = await db.query<{ id: string | number; username: string; display_name: string | null; role: string; disabled: boolean; unit_code: string }>(
    `SELECT u.id, u.username, u.display_name, u.role, u.disabled, uu.unit_code
       FROM users u JOIN user_units uu ON uu.user_id = u.id
      WHERE uu.unit_code = ANY($1::text[])
      ORDER BY u.username, uu.unit_code`,
    [units],
  );
  const byId = new Map<number, DirectoryUser>();
  for (const row of rows) {
    const id = Number(row.id);
    const user = byId.get(id) ?? { id, username: row.username, displayName: row.display_name ?? row.username, role: row.role, units: [], revoked: row.disabled };
    user.units.push(row.unit_code);
    byId.set(id, user);
  }
  return [...byId.values()];
}

export function directoryRoutes(app: FastifyInstance, deps: { db: Db; auth: AuthContext }): void {
  app.get('/api/users/directory', async (req, reply) => {
    if (!httpProtocolCheck(req, reply)) return reply;
    // Any signed-in, unrevoked staff member (clerk, postal, supervisor, admin): the policy table.
    const user = await routeCaller(req, deps.auth, 'GET /api/users/directory');
    void reply.header('cache-control', 'no-store');
    return { users: await directoryOf(deps.db, user.units) };
  });
}
