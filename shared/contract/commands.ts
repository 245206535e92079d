import type { z } from 'zod';
import { appCommands, appEvents } from './app.js';
import type { CommandSpec, EventSpec } from './define.js';
import { backupCommands, backupEvents } from './backup.js';
import { bundleCommands } from './bundle.js';
import { clockCommands } from './clock.js';
import { dossierCommands } from './dossier.js';
import { filesCommands } from './files.js';
import { formCommands } from './forms.js';
import { linkCommands, linkEvents } from './link.js';
import { ocrCommands, ocrEvents } from './ocr.js';
import { signingCommands, signingEvents } from './signing.js';
import { printerCommands, printerEvents } from './printer.js';
import { reportCommands } from './report.js';
import { scanCommands, scanEvents } from './scan.js';
import { sessionCommands, sessionEvents } from './session.js';
import { syncCommands, syncEvents } from './sync.js';
import { workstationCommands } from './workstations.js';

// The whole UI ↔ backend contract. Each domain declares its commands and events in its own
// file; they are composed here and nowhere else. The router, the preload, the renderer client
// and the browser host all derive from these two objects.

export const commands = {
  ...appCommands,
  ...sessionCommands,
  ...dossierCommands,
  ...clockCommands,
  ...filesCommands,
  ...formCommands,
  ...linkCommands,
  ...printerCommands,
  ...scanCommands,
  ...ocrCommands,
  ...reportCommands,
  ...backupCommands,
  ...bundleCommands,
  ...signingCommands,
  ...syncCommands,
  ...workstationCommands,
} as const satisfies Record<`${string}:${string}`, CommandSpec>;

export const events = {
  ...appEvents,
  ...sessionEvents,
  ...linkEvents,
  ...printerEvents,
  ...scanEvents,
  ...ocrEvents,
  ...signingEvents,
  ...backupEvents,
  ...syncEvents,
} as const satisfies Record<`${string}:${'changed' | 'progress'}`, EventSpec>;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
/** What a caller passes (before defaults and coercion). */
export type ArgsOf<K extends CommandName> = z.input<Commands[K]['args']>;
/** What a handler receives (after validation). */
export type ParsedArgsOf<K extends CommandName> = z.output<Commands[K]['args']>;
export type ResultOf<K extends CommandName> = z.output<Commands[K]['result']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type PayloadOf<E extends EventName> = z.output<Events[E]['payload']>;

export const commandNames = Object.keys(commands) as CommandName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
