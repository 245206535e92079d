import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SignDialog } from './SignDialog.js';

const never = () => new Promise<never>(() => {});

describe('SignDialog', () => {
  it('renders the token path first when a PKCS#11 library is configured, with a PIN field and Vietnamese labels', () => {
    const html = renderToStaticMarkup(
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
    expect(html).toContain('Ký số tài liệu');
    expect(html).toMatch(/Ký số tài liệu (<!-- -->)?\((<!-- -->)?2(<!-- -->)?\)/);
    expect(html).toContain('value="/usr/lib/softhsm/libsofthsm2.so"');
    expect(html).toContain('type="password"');
    expect(html).toContain('Mã PIN');
  });

  it('without a configured library it offers the .p12 file and asks for its password', () => {
    const html = renderToStaticMarkup(
      <SignDialog files={[{ input: '/a.pdf', name: 'a.pdf' }]} onChooseP12={never} onListTokens={never} onSign={never} onVerify={never} onClose={() => {}} />,
    );
    expect(html).toContain('Chọn tệp…');
    expect(html).toContain('Mật khẩu tệp');
  });
});
