import type { RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import { textSafetyIssue } from '../../shared/sync/textSafety.js';
import type { PersonalCipher } from '../db/personalCipher.js';
import type { Backoff } from './backoff.js';
import type { SyncBridge } from './bridge.js';
import type { SyncMarker } from './syncMarks.js';
import { docFromServer, docToServer, type Doc, type WireCollection } from './wire.js';

// RxDB's push handler for one replicated collection. Only records still waiting go out: an
// acknowledged or quarantined one changed only in its bookkeeping, and a removal (events and
// file records are never deleted by a workstation; a dossier moved away is dropped here only)
// stay home. Content the server would refuse anyway (NUL, lone surrogates, too deep, too long) is
// quarantined here without a round trip. The server answers per row: a refused row goes to
// quarantine with its code and reason; the others are acknowledged (their pulled copies bring
// the server's position). The server keeps no conflicts; should it ever answer one, its copy is
// taken as if pulled.

export interface PushDeps {
  cipher: PersonalCipher;
  bridge: SyncBridge;
  backoff: Backoff;
  marks: SyncMarker;
  collection: WireCollection;
}

function waiting(doc: Doc): boolean {
  return doc._deleted !== true && doc.syncState !== 'acknowledged' && doc.syncState !== 'rejected';
}

export function pushHandlerCreate(deps: PushDeps) {
  const { cipher, bridge, backoff, marks, collection: name } = deps;
  return async function push(rows: RxReplicationWriteToMasterRow<Doc>[]): Promise<WithDeleted<Doc>[]> {
    const send: { newDocumentState: Doc }[] = [];
    for (const row of rows) {
      const doc = row.newDocumentState as Doc;
      if (!waiting(doc)) continue;
      const wire = await docToServer(name, doc, cipher);
      const issue = textSafetyIssue(wire);
      if (issue) {
        await marks.reject(name, String(doc.id), issue.code, `${issue.path || 'document'}: ${issue.reason}`);
        continue;
      }
      send.push({ newDocumentState: wire });
    }
    if (send.length === 0) return [];
    const ids = send.map((r) => String(r.newDocumentState.id));
    await marks.mark(name, ids, 'sent');
    let answer;
    try {
      answer = await backoff.run(() => bridge.push(name, send));
    } catch (err) {
      if (backoff.offline(err)) await marks.mark(name, ids, 'queued');
      throw err;
    }
    const refused = new Set<string>();
    for (const r of answer.rejected) {
      const id = r.id ?? ids[r.index] ?? null;
      if (!id) continue;
      refused.add(id);
      await marks.reject(name, id, r.code, r.reason);
    }
    const conflicted = new Set(answer.conflicts.map((c) => String(c.id)));
    await marks.mark(name, ids.filter((id) => !refused.has(id) && !conflicted.has(id)), 'acknowledged');
    return (await Promise.all(answer.conflicts.map((c) => docFromServer(name, c, cipher)))) as WithDeleted<Doc>[];
  };
}
