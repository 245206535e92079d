import * as tus from 'tus-js-client';

// Where resumable uploads remember their server URL by hash (a cut, even a restart, resumes).
// tus-js-client's file store takes a lock file around each read-modify-write with five quick
// retries; with several uploads at once in one process they contend for that lock, and a busy
// machine ran out of retries (`ELOCKED`, unhandled inside tus-js-client: bench:sync's end of day
// died of it). One store per file, its operations one after another, so this process never
// contends with itself; the lock still guards against another process.

// The Node build exports a file-backed URL store that the shared typings do not declare.
const { FileUrlStorage } = tus as unknown as { FileUrlStorage: new (path: string) => tus.UrlStorage };

export function uploadUrlStoreCreate(path: string): tus.UrlStorage {
  const inner = new FileUrlStorage(path);
  let turn: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = turn.then(work, work);
    turn = run.catch(() => undefined);
    return run;
  };
  return {
    findAllUploads: () => serial(() => inner.findAllUploads()),
    findUploadsByFingerprint: (fingerprint) => serial(() => inner.findUploadsByFingerprint(fingerprint)),
    removeUpload: (key) => serial(() => inner.removeUpload(key)),
    addUpload: (fingerprint, upload) => serial(() => inner.addUpload(fingerprint, upload)),
  };
}
