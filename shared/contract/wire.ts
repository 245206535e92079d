import { z } from 'zod';
import type { Envelope } from './errors.js';

// Messages of the browser host's WebSocket. The Electron path uses ipcRenderer.invoke per
// command instead; both carry the same envelopes.

export const wsClientMessageSchema = z.object({
  t: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  name: z.string().max(100),
  args: z.unknown(),
});
export type WsClientMessage = z.infer<typeof wsClientMessageSchema>;

export type WsServerMessage =
  | { t: 'result'; id: number; envelope: Envelope<unknown> }
  | { t: 'event'; name: string; payload: unknown };
