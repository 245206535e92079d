import { z } from 'zod';
import { bundleRowSchema } from '../sync/bundle.js';
import { command } from './define.js';

// Sync bundles (USB stick, no network): the renderer hands over rows and blob hashes to export,
// and takes in the rows an import returns (docs/spec/bundle.md). Rows are events and file
// records, as a push carries them. Refusals: `bundle-corrupt` (a byte changed or missing, or
// another format version), `bundle-untrusted` (unknown signer or key).

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'Mã băm SHA-256 không hợp lệ');
const rows = z.object({
  events: z.array(bundleRowSchema).max(1_000_000),
  files: z.array(bundleRowSchema).max(200_000),
});
const path = z.string().trim().min(1).max(1024);
const pem = z.string().min(40).max(2000);

export const bundleCommands = {
  'bundle:export': command({
    summary: 'Write a signed, encrypted sync bundle of the given rows and files (default folder: dataDir/bundles)',
    args: z.object({ rows, blobHashes: z.array(sha256).max(200_000), path: path.optional() }),
    result: z.object({ path: z.string(), bundleId: z.string(), bytes: z.number().int() }),
    roles: ['clerk', 'postal', 'supervisor', 'admin'],
    audit: true,
  }),
  'bundle:import': command({
    summary: 'Check and open a sync bundle; stores its files and returns its rows for the renderer to merge',
    args: z.object({ path }),
    result: z.object({
      bundleId: z.string(),
      workstationId: z.string(),
      createdAt: z.string(),
      rows,
      blobsStored: z.number().int(),
      blobsPresent: z.number().int(),
      alreadyImported: z.boolean(),
    }),
    roles: ['clerk', 'postal', 'supervisor', 'admin'],
    audit: true,
  }),
  'bundle:identity': command({
    summary: 'This workstation’s id and bundle-signing public key (to register on the server or a supervisor PC)',
    args: z.object({}),
    result: z.object({ workstationId: z.string(), publicKeyPem: z.string() }),
    roles: ['clerk', 'postal', 'supervisor', 'admin'],
  }),
  'bundle:trust': command({
    summary: 'Trust bundles signed by another workstation',
    args: z.object({ workstationId: z.string().trim().min(1).max(128), publicKeyPem: pem }),
    result: z.object({ workstationId: z.string() }),
    roles: ['supervisor', 'admin'],
    audit: true,
  }),
  'bundle:secret': command({
    summary: 'Install the province bundle secret given by provincial IT (base64, ≥ 32 bytes)',
    args: z.object({ id: z.string().trim().min(1).max(64), keyBase64: z.string().min(44).max(200) }),
    result: z.object({ id: z.string() }),
    roles: ['admin'],
    audit: true,
  }),
} as const;
