import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/contract/errors.js';
import { textSafetyIssue } from '../shared/sync/textSafety.js';

// Text a database cannot store (NUL, unpaired surrogates) or a value nested without end, in any
// JSON request body, is a 400 with a stable code before a handler runs — never a 500 with the
// database's message. Sync pushes are the exception: they refuse such content per row
// (server/services/eventAccept.ts), so the rest of the batch is stored.

const perRowRoutes = new Set(['/api/sync/:collection/push']);

export function bodySafetyInstall(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    if (req.body === undefined || req.body === null || typeof req.body !== 'object') return;
    if (perRowRoutes.has(req.routeOptions.url ?? '')) return;
    const issue = textSafetyIssue(req.body);
    if (issue) throw new AppError('validation-failed', `${issue.path || 'body'}: ${issue.reason}`, { reason: issue.code, path: issue.path });
  });
}
