import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../electron/config/csp.js';
import { browserLaunch, hostStart, type HostProcess } from '../support/browserHost.js';

// The Content-Security-Policy as served by the browser host (Electron sets the same header from
// contentSecurityPolicy('electron')), and Chromium refusing what it forbids.

let host: HostProcess;
let browser: Browser;
beforeAll(async () => {
  host = await hostStart();
  browser = await browserLaunch();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('Content-Security-Policy', () => {
  it('is sent with the app page and forbids inline script, eval, remote content and framing', async () => {
    const response = await fetch(host.url);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(contentSecurityPolicy('browser'));
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|https?:\/\/(?!127\.0\.0\.1)/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(contentSecurityPolicy('electron')).not.toMatch(/ws:/);
  });

  it('makes Chromium refuse an injected inline script, eval and a remote image', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(host.url);
    const result = await page.evaluate(async () => {
      const seen: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
      const w = window as unknown as { __inlineRan?: boolean; __evalRan?: boolean };
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.appendChild(script);
      // A string timer is eval: it runs later in the page's own realm, where the CSP applies
      // (code run through the DevTools protocol itself is exempt, so eval is not called here).
      (setTimeout as unknown as (code: string, ms: number) => void)('window.__evalRan = true;', 0);
      const img = document.createElement('img');
      img.src = 'https://example.com/x.png';
      document.body.appendChild(img);
      await new Promise((r) => setTimeout(r, 300));
      return { inlineRan: w.__inlineRan === true, evalRan: w.__evalRan === true, seen };
    });
    expect(result.inlineRan).toBe(false);
    expect(result.evalRan).toBe(false);
    expect(result.seen).toEqual(expect.arrayContaining(['script-src-elem', 'img-src']));
    expect(violations.length).toBeGreaterThan(0);
    await context.close();
  }, 60_000);
});
