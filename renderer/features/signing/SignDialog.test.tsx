import type { ReactNode } from 'react';
import { prerender } from 'react-dom/static';
import { describe, expect, it } from 'vitest';
import { SignDialog } from './SignDialog.js';

const never = () => new Promise<never>(() => {});

/** Static HTML of a tree (the renderer folder has no DOM in Node tests). */
async function html(node: ReactNode): Promise<string> {
  const { prelude } = await prerender(node);
  return new Response(prelude).text();
}

describe('SignDialog', () => {
  it('renders the token path first when a PKCS#11 library is configured, with a PIN field and Vietnamese labels', async () => {
    const markup = await html(
      <SignDialog
        files={[{ input: '/a.pdf', name: 'a.pdf' }, { input: '/b.pdf', name: 'b.pdf' }]}
        defaultLibraryPath="/usr/lib/softhsm/libsofthsm2.so"
        onChooseP12={never}
        onListTokens={never}
        onSign={never}
        onVerify={never}
        onClose={() => {}}
      />,
    );
    expect(markup).toContain('Ký số tài liệu');
    expect(markup).toMatch(/Ký số tài liệu(<!-- -->)? \((<!-- -->)?2(<!-- -->)?\)/);
    expect(markup).toContain('value="/usr/lib/softhsm/libsofthsm2.so"');
    expect(markup).toContain('type="password"');
    expect(markup).toContain('Mã PIN');
  });

  it('without a configured library it offers the .p12 file and asks for its password', async () => {
    const markup = await html(
      <SignDialog files={[{ input: '/a.pdf', name: 'a.pdf' }]} onChooseP12={never} onListTokens={never} onSign={never} onVerify={never} onClose={() => {}} />,
    );
    expect(markup).toContain('Chọn tệp…');
    expect(markup).toContain('Mật khẩu tệp');
  });
});
