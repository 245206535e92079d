import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/contract/errors.js';
import { httpUser, type AuthContext } from '../http.js';
import type { AccessClaims, Role } from '../services/tokens.js';

// Who may call what on the provincial server (issue 17: "the server never trusts a client").
// One table: the role gate of every route, and which unit the route checks. The routes take the
// caller from `routeCaller`, which refuses a role not listed here before the handler reads
// anything; the unit checks are the handlers' (named in `units`). docs/spec/sync.md ("Who may
// call what") is this table in prose; tests/sync/routeMatrix.test.ts runs every row.

export type UnitRule =
  /** Nothing of a unit is read or written (public, or province-wide data such as rule packs). */
  | 'none'
  /** Reads only rows of the caller's units (from the token). */
  | 'caller'
  /** Writes for the unit named in the body, which must be one of the caller's. */
  | 'body'
  /** The workstation's enrolled unit (or first reported unit) must be one of the caller's. */
  | 'workstation'
  /** The enrolment's unit must be one of the caller's. */
  | 'enrolment'
  /** Each pushed row on its own (server/services/eventAccept.ts: role × event type, units, dossier). */
  | 'per-row'
  /** A unit of the caller links the blob through an accepted event (files.ts). */
  | 'blob-link'
  /** The upload belongs to the caller (tus): the person who created it, and nobody else. */
  | 'uploader';

export interface RoutePolicy {
  roles: readonly Role[] | 'public';
  units: UnitRule;
  why: string;
}

const staff = ['clerk', 'postal', 'supervisor', 'admin'] as const;
/** People who sit at a counter PC of a unit and issue dossier codes there. */
const counter = ['clerk', 'postal', 'supervisor'] as const;
/** Roles that may attach files to a dossier (shared/domain/lifecycle/eventRoles.ts, `file-attached`). */
const attachers = ['clerk', 'postal'] as const;

export const routePolicy = {
  'GET /api/time': { roles: 'public', units: 'none', why: 'a counter checks its clock before anyone signs in' },
  'GET /api/health': { roles: 'public', units: 'none', why: 'load balancers and monitoring' },
  'POST /api/auth/login': { roles: 'public', units: 'none', why: 'the credentials are the check (back-off per name and address)' },
  'POST /api/auth/refresh': { roles: 'public', units: 'none', why: 'the refresh token is the check' },
  'GET /api/rulepacks': { roles: staff, units: 'none', why: 'catalogue, calendar, agencies and mappings are the province’s, the same for every unit' },
  'POST /api/blocks/claim': { roles: counter, units: 'workstation', why: 'whoever sets up or works at a counter PC of the block’s agency; not provincial IT accounts' },
  'POST /api/workstations/report': { roles: counter, units: 'workstation', why: 'the workstation reports after a sync by whoever is signed in there' },
  'GET /api/workstations/reports': { roles: ['supervisor', 'admin'], units: 'caller', why: 'the end-of-day screen (supervisor, admin) only' },
  'POST /api/workstations/enrol': { roles: counter, units: 'body', why: 'a counter PC asks to be enrolled for its unit; it gains no trust until approved' },
  'GET /api/workstations/enrolments': { roles: ['admin'], units: 'caller', why: 'the admin who approves sees the requests of their units' },
  'POST /api/workstations/:id/approve': { roles: ['admin'], units: 'enrolment', why: 'trusting a bundle key speaks for a unit: its admin decides' },
  'GET /api/users/directory': { roles: staff, units: 'caller', why: 'offline sign-in at any workstation of the unit; no password hash ever leaves the server' },
  'GET /api/sync/:collection/pull': { roles: staff, units: 'caller', why: 'every signed-in workstation replicates its units' },
  'GET /api/sync/:collection/stream': { roles: staff, units: 'caller', why: 'as pull' },
  'POST /api/sync/:collection/push': { roles: staff, units: 'per-row', why: 'roles decided per event type (supervisors and admins record no events: every row refused)' },
  'HEAD /api/files/:sha': { roles: staff, units: 'blob-link', why: '200 only for linked units or the caller’s own uploads, so existence is not revealed' },
  'GET /api/files/:sha': { roles: staff, units: 'blob-link', why: 'the scans of the caller’s units’ dossiers' },
  'POST /api/files/tus': { roles: attachers, units: 'none', why: 'those who may attach files upload them; a daily quota per uploader' },
  'PATCH|HEAD|DELETE /api/files/tus/:id': { roles: attachers, units: 'uploader', why: 'an upload is its creator’s (404 to anyone else)' },
} as const satisfies Record<string, RoutePolicy>;

export type RouteKey = keyof typeof routePolicy;

export function routeRoleAllowed(route: RouteKey, role: string): boolean {
  const roles: RoutePolicy['roles'] = routePolicy[route].roles;
  return roles === 'public' || (roles as readonly string[]).includes(role);
}

/** Refuses a role the table does not list for the route (403, before anything is read). */
export function routeRoleCheck(route: RouteKey, claims: AccessClaims): AccessClaims {
  if (!routeRoleAllowed(route, claims.role)) {
    throw new AppError('forbidden', `role ${claims.role} may not call ${route}`, { reason: 'role', route });
  }
  return claims;
}

/** The authenticated caller of an authenticated route, with its role checked against the table. */
export async function routeCaller(req: FastifyRequest, auth: AuthContext, route: RouteKey): Promise<AccessClaims> {
  return routeRoleCheck(route, await httpUser(req, auth));
}
