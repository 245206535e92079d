import { schemaParse } from '../rulepacks/common.js';
import { dossierEventSchema, type DossierEvent } from './events.js';

/** Validates an event from outside (sync pull, import, IPC) before it reaches the reducer. */
export function dossierEventParse(data: unknown): DossierEvent {
  return schemaParse(dossierEventSchema, data, 'Sự kiện hồ sơ');
}
