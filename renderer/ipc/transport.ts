import type { Envelope } from '../../shared/contract/errors.js';
import type { WsServerMessage } from '../../shared/contract/wire.js';
import type { PreloadApi } from '../../electron/preload.js';

// How the renderer reaches the main-side services: Electron's preload object when present,
// otherwise the browser host's WebSocket. Only this file knows which.

declare global {
  interface Window {
    motcua?: PreloadApi;
  }
}

export interface Transport {
  kind: 'electron' | 'browser';
  invoke(name: string, args: unknown): Promise<Envelope<unknown>>;
  on(name: string, listener: (payload: unknown) => void): () => void;
}

function preloadTransport(api: PreloadApi): Transport {
  return {
    kind: 'electron',
    invoke: (name, args) => api.invoke(name as Parameters<PreloadApi['invoke']>[0], args),
    on: (name, listener) => api.on(name as Parameters<PreloadApi['on']>[0], listener),
  };
}

function wsTransport(token: string): Transport {
  const url = `ws://${location.host}/ws?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opening: Promise<WebSocket> | null = null;

  function open(): Promise<WebSocket> {
    if (socket && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket);
    opening ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        socket = ws;
        opening = null;
        resolve(ws);
      };
      ws.onerror = () => {
        opening = null;
        reject(new Error('browser host unreachable'));
      };
      ws.onclose = () => {
        socket = null;
        for (const [id, settle] of pending) {
          settle({ ok: false, error: { code: 'device-offline', message: 'Mất kết nối tới dịch vụ nền' } });
          pending.delete(id);
        }
      };
      ws.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as WsServerMessage;
        if (data.t === 'result') {
          pending.get(data.id)?.(data.envelope);
          pending.delete(data.id);
        } else {
          for (const listener of listeners.get(data.name) ?? []) listener(data.payload);
        }
      };
    });
    return opening;
  }

  return {
    kind: 'browser',
    async invoke(name, args) {
      let ws: WebSocket;
      try {
        ws = await open();
      } catch {
        return { ok: false, error: { code: 'device-offline', message: 'Không kết nối được dịch vụ nền' } };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ t: 'invoke', id, name, args }));
      });
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      void open().catch(() => undefined);
      return () => set.delete(listener);
    },
  };
}

export function transportChoose(): Transport {
  if (window.motcua) return preloadTransport(window.motcua);
  const token = new URLSearchParams(location.search).get('token');
  if (!token) throw new Error('Thiếu mã truy cập (token) trong địa chỉ của trình duyệt');
  return wsTransport(token);
}
