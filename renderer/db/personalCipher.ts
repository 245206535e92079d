// Personal data (ID number, phone, address, e-mail) is encrypted at rest with AES-256-GCM under
// the workstation key that the main process keeps in the OS keychain. Ciphertext is
// base64(iv ‖ ciphertext+tag); a fresh 96-bit IV per value.

export interface PersonalCipher {
  seal(value: unknown): Promise<string>;
  open<T>(sealed: string): Promise<T>;
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

export async function personalCipherCreate(keyBase64: string): Promise<PersonalCipher> {
  const key = await crypto.subtle.importKey('raw', fromBase64(keyBase64), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  return {
    async seal(value) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const plain = new TextEncoder().encode(JSON.stringify(value));
      const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
      const out = new Uint8Array(iv.length + sealed.length);
      out.set(iv);
      out.set(sealed, iv.length);
      return toBase64(out);
    },
    async open<T>(sealed: string) {
      const bytes = fromBase64(sealed);
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.slice(0, 12) }, key, bytes.slice(12));
      return JSON.parse(new TextDecoder().decode(plain)) as T;
    },
  };
}
