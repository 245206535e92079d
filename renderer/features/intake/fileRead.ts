import { invoke } from '../../ipc/client.js';

/** Reads a chosen file and stores it in the main-side content-addressed store. */
export async function fileStore(file: File): Promise<{ name: string; mime: string; sha256: string; size: number }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  const stored = await invoke('files:put', { name: file.name, mime: file.type || 'application/octet-stream', dataBase64: btoa(binary) });
  return { name: file.name, mime: file.type || 'application/octet-stream', sha256: stored.sha256, size: stored.size };
}
