import type { z } from 'zod';

// The building blocks of the contract. A command is `domain:verb`, an event `domain:changed`
// or `domain:progress`. Schemas validate at every boundary; the TypeScript types of callers
// and handlers are derived from the same schemas.

export const roles = ['clerk', 'postal', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface CommandSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  summary: string;
  args: A;
  result: R;
  /** Roles allowed to call; absent means any caller, signed in or not (setup, status, sign-in). */
  roles?: readonly Role[];
  /** Mutating commands are written to the hash-chained audit log. */
  audit?: boolean;
  /** Refused while the workstation clock is untrusted (intake and status changes). */
  needsTrustedClock?: boolean;
}

export interface EventSpec<P extends z.ZodType = z.ZodType> {
  summary: string;
  payload: P;
}

export function command<A extends z.ZodType, R extends z.ZodType>(spec: CommandSpec<A, R>): CommandSpec<A, R> {
  return spec;
}

export function event<P extends z.ZodType>(spec: EventSpec<P>): EventSpec<P> {
  return spec;
}

export type CommandKey = `${string}:${string}`;
