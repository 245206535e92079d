import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

// Content-addressed blob store: a blob's name is its SHA-256, so storing twice is harmless.
// The filesystem store is the default; the S3 one serves MinIO/Ceph/AWS in production.

export interface BlobStore {
  has(sha256: string): Promise<boolean>;
  /** Moves (or uploads) a finished, hash-checked local file into the store under its hash. */
  putFile(sha256: string, localPath: string): Promise<void>;
  get(sha256: string): Promise<{ stream: Readable; size: number } | undefined>;
}

export function blobStoreFs(dir: string): BlobStore {
  const pathOf = (sha: string) => join(dir, sha.slice(0, 2), sha);
  return {
    async has(sha) {
      return stat(pathOf(sha)).then(
        () => true,
        () => false,
      );
    },
    async putFile(sha, localPath) {
      await mkdir(join(dir, sha.slice(0, 2)), { recursive: true });
      if (await this.has(sha)) {
        await rm(localPath, { force: true });
        return;
      }
      await rename(localPath, pathOf(sha));
    },
    async get(sha) {
      const info = await stat(pathOf(sha)).catch(() => undefined);
      if (!info) return undefined;
      return { stream: createReadStream(pathOf(sha)), size: info.size };
    },
  };
}

export interface S3Settings {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** Not exercised by the tests here (no object store on these machines): see server/README.md. */
export function blobStoreS3(settings: S3Settings): BlobStore {
  const client = new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: true,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
  });
  const key = (sha: string) => `blobs/${sha}`;
  return {
    async has(sha) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: settings.bucket, Key: key(sha) }));
        return true;
      } catch (err) {
        if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
        throw err;
      }
    },
    async putFile(sha, localPath) {
      if (!(await this.has(sha))) {
        // A stream body needs its length up front; one PUT covers blobs up to S3's 5 GB limit.
        const { size } = await stat(localPath);
        await client.send(
          new PutObjectCommand({ Bucket: settings.bucket, Key: key(sha), Body: createReadStream(localPath), ContentLength: size }),
        );
      }
      await rm(localPath, { force: true });
    },
    async get(sha) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: key(sha) }));
        return { stream: out.Body as Readable, size: Number(out.ContentLength ?? 0) };
      } catch (err) {
        if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
        throw err;
      }
    },
  };
}
