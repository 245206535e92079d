import { type EventName, type PayloadOf } from '../../shared/contract/commands.js';

export type EventListener = (name: EventName, payload: unknown) => void;

/** Push events from services to every connected renderer (IPC windows or WebSocket clients). */
export interface EventBus {
  emit<E extends EventName>(name: E, payload: PayloadOf<E>): void;
  subscribe(listener: EventListener): () => void;
}

export function eventBusCreate(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      for (const listener of listeners) listener(name, payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
