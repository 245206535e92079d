import { z } from 'zod';
import { command, event, roles } from './define.js';

// Who is at the counter: offline sign-in against hashes held by the workstation, quick switch
// by PIN, sign-out and the people directory.

export const sessionSchema = z.object({
  userId: z.string(),
  userName: z.string(),
  role: z.enum(roles),
  units: z.array(z.string()),
});
export type SessionInfo = z.infer<typeof sessionSchema>;

const username = z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{3,40}$/, 'Tên đăng nhập gồm 3–40 chữ thường, số, . _ -');
const password = z.string().min(8, 'Mật khẩu tối thiểu 8 ký tự').max(200);
const pin = z.string().regex(/^\d{4,8}$/, 'Mã PIN gồm 4–8 chữ số');

export const userSummarySchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  units: z.array(z.string()),
  revoked: z.boolean(),
  hasPin: z.boolean(),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

export const newUserSchema = z.object({
  username,
  displayName: z.string().trim().min(2, 'Họ tên quá ngắn').max(100),
  password,
  role: z.enum(roles),
  units: z.array(z.string().min(1)).min(1, 'Cần ít nhất một đơn vị'),
  pin: pin.optional(),
});

export const sessionCommands = {
  'session:signIn': command({
    summary: 'Sign in with username and password (works offline)',
    args: z.object({ username: z.string().trim().min(1).max(40), password: z.string().min(1).max(200) }),
    result: sessionSchema,
    audit: true,
  }),
  'session:pinSwitch': command({
    summary: 'Quick switch to another clerk of this workstation by PIN',
    args: z.object({ userId: z.string().min(1), pin }),
    result: sessionSchema,
    audit: true,
  }),
  'session:current': command({
    summary: 'The signed-in person, or null',
    args: z.object({}),
    result: sessionSchema.nullable(),
  }),
  'session:signOut': command({
    summary: 'Sign out (the screen goes back to sign-in)',
    args: z.object({}),
    result: z.object({ signedOut: z.literal(true) }),
    audit: true,
  }),
  'users:list': command({
    summary: 'People who may sign in on this workstation',
    args: z.object({}),
    result: z.array(userSummarySchema),
    roles: ['admin', 'supervisor'],
  }),
  'users:switchable': command({
    summary: 'People with a PIN on this workstation (names only, for the quick-switch list)',
    args: z.object({}),
    result: z.array(z.object({ userId: z.string(), displayName: z.string() })),
  }),
  'users:add': command({
    summary: 'Add a person to this workstation (administrator)',
    args: newUserSchema,
    result: userSummarySchema,
    roles: ['admin'],
    audit: true,
  }),
  'setup:admin': command({
    summary: 'First-run only: create the workstation administrator',
    args: newUserSchema.omit({ role: true, units: true }),
    result: userSummarySchema,
    audit: true,
  }),
  'keys:personal': command({
    summary: 'The AES-256 key that encrypts personal data at rest (base64)',
    args: z.object({}),
    result: z.object({ keyBase64: z.string() }),
    roles: ['clerk', 'postal', 'supervisor', 'admin'],
  }),
} as const;

export const sessionEvents = {
  'session:changed': event({ summary: 'Someone signed in, switched or signed out', payload: sessionSchema.nullable() }),
} as const;
