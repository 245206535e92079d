import type { z } from 'zod';
import {
  commands,
  isCommandName,
  type CommandName,
  type ParsedArgsOf,
  type ResultOf,
} from '../../shared/contract/commands.js';
import type { CommandSpec } from '../../shared/contract/define.js';
import { AppError, errorBodyOf, fail, ok, type Envelope } from '../../shared/contract/errors.js';
import type { CallContext } from './session.js';

export type Handler<K extends CommandName> = (
  args: ParsedArgsOf<K>,
  ctx: CallContext,
) => Promise<ResultOf<K>> | ResultOf<K>;

/** Every command of the contract must have a handler: a missing one is a type error here. */
export type Handlers = { [K in CommandName]: Handler<K> };

export interface AuditEntry {
  command: CommandName;
  userId: string | null;
  ok: boolean;
  errorCode?: string;
  args: unknown;
}

export interface RouterPolicy {
  /** Writes one audit record for each call of an `audit: true` command. */
  audit?: (entry: AuditEntry) => Promise<void> | void;
  /** Throws `clock-untrusted` when intake and status changes must wait for a trusted clock. */
  clockGuard?: () => Promise<void> | void;
}

export interface Router {
  dispatch(name: unknown, rawArgs: unknown, ctx: CallContext): Promise<Envelope<unknown>>;
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

const secretKeys = /^(password|pin|passphrase|keyBase64|token)$/i;

/** Audit records never hold secrets: passwords, PINs and keys are replaced by a marker. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, secretKeys.test(k) ? '[redacted]' : redact(v)]));
}

function roleCheck(spec: CommandSpec, ctx: CallContext, name: string): void {
  if (!spec.roles) return;
  if (!ctx.session) throw new AppError('unauthenticated', `Cần đăng nhập để thực hiện ${name}`, { command: name });
  if (!spec.roles.includes(ctx.session.role)) {
    throw new AppError('forbidden', `Vai trò ${ctx.session.role} không được thực hiện ${name}`, {
      command: name,
      role: ctx.session.role,
    });
  }
}

/**
 * The main-side router: validates arguments against the contract, checks roles and the clock,
 * dispatches, validates the result, audits, and always answers with an envelope. It is the
 * only path from IPC, the browser host's WebSocket and tests to the handlers.
 */
export function routerCreate(handlers: Handlers, policy: RouterPolicy = {}): Router {
  return {
    async dispatch(name, rawArgs, ctx) {
      if (!isCommandName(name)) {
        return fail({ code: 'not-found', message: `Không có lệnh "${String(name)}"`, details: { command: String(name) } });
      }
      const spec: CommandSpec = commands[name];
      // Roles first: a caller who may not run the command learns nothing about its arguments.
      try {
        roleCheck(spec, ctx, name);
      } catch (err) {
        const body = errorBodyOf(err);
        if (spec.audit && policy.audit) {
          await policy.audit({ command: name, userId: ctx.session?.userId ?? null, ok: false, errorCode: body.code, args: null });
        }
        return fail(body);
      }
      const parsed = spec.args.safeParse(rawArgs ?? {});
      if (!parsed.success) {
        const issues = issuesOf(parsed.error);
        return fail({
          code: 'validation-failed',
          message: `Dữ liệu không hợp lệ: ${issues.map((i) => `${i.path || '(gốc)'}: ${i.message}`).join('; ')}`,
          details: { command: name, field: issues[0]?.path ?? '', issues },
        });
      }
      let envelope: Envelope<unknown>;
      try {
        if (spec.needsTrustedClock && policy.clockGuard) await policy.clockGuard();
        const handler = handlers[name] as (args: unknown, ctx: CallContext) => unknown;
        const value = await handler(parsed.data, ctx);
        const checked = spec.result.safeParse(value);
        if (!checked.success) {
          throw new AppError('internal', `Kết quả của ${name} sai khuôn dạng`, { issues: issuesOf(checked.error) });
        }
        envelope = ok(checked.data);
      } catch (err) {
        envelope = fail(errorBodyOf(err));
      }
      if (spec.audit && policy.audit) {
        const entry: AuditEntry = { command: name, userId: ctx.session?.userId ?? null, ok: envelope.ok, args: redact(parsed.data) };
        if (!envelope.ok) entry.errorCode = envelope.error.code;
        await policy.audit(entry);
      }
      return envelope;
    },
  };
}
