// The renderer's Content-Security-Policy: no remote content, no inline script, no eval.
// The browser host additionally allows its own WebSocket on 127.0.0.1.
export function contentSecurityPolicy(host: 'electron' | 'browser'): string {
  const connect = host === 'browser' ? "'self' ws://127.0.0.1:*" : "'self'";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
