import { contextBridge, ipcRenderer } from 'electron';
import type { CommandName, EventName } from '../shared/contract/commands.js';
import type { Envelope } from '../shared/contract/errors.js';

// Injected at build time from shared/contract/commands.ts (build/buildMain.ts), so the sandboxed
// preload stays a few kilobytes and carries no schema library.
declare const __MOTCUA_COMMAND_NAMES__: readonly string[];
declare const __MOTCUA_EVENT_NAMES__: readonly string[];
const commandNames = new Set<string>(__MOTCUA_COMMAND_NAMES__);
const eventNames = new Set<string>(__MOTCUA_EVENT_NAMES__);

// The one narrow object the renderer gets. Each contract command is its own IPC channel; names
// outside the contract never reach ipcRenderer. The renderer imports only the type of `api`.

export const api = {
  kind: 'electron' as const,
  invoke(name: CommandName, args: unknown): Promise<Envelope<unknown>> {
    if (!commandNames.has(name)) {
      return Promise.resolve({ ok: false, error: { code: 'not-found', message: `Không có lệnh "${String(name)}"` } });
    }
    return ipcRenderer.invoke(name, args) as Promise<Envelope<unknown>>;
  },
  on(name: EventName, listener: (payload: unknown) => void): () => void {
    if (!eventNames.has(name)) return () => undefined;
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(name, wrapped);
    return () => ipcRenderer.removeListener(name, wrapped);
  },
};

export type PreloadApi = typeof api;

contextBridge.exposeInMainWorld('motcua', api);
