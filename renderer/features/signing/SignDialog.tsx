import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Envelope } from '../../../shared/contract/errors.js';
import type { KeySource, SignatureReportDto, SignFileResult, TokenInfo, VisibleStamp } from '../../../shared/contract/signing.js';

// Sign one or many digitised papers / e-results with the unit's certificate (USB token or
// .p12 file), follow the progress and check the signatures. All I/O goes through the callbacks
// the lead wires to sign:listTokens, sign:documents (+ sign:progress) and sign:verify.

export interface SignDialogFile {
  input: string;
  output?: string;
  name: string;
}

export interface SignDialogProgress {
  done: number;
  total: number;
  file: string;
  stage: 'signing' | 'signed' | 'failed';
}

export interface SignDialogRequest {
  files: { input: string; output?: string }[];
  key: KeySource;
  pin: string;
  visible?: VisibleStamp;
  reason?: string;
}

export interface SignDialogProps {
  files: SignDialogFile[];
  /** The workstation's configured PKCS#11 library of the unit's CA middleware. */
  defaultLibraryPath?: string;
  onChooseP12: () => Promise<string | null>;
  onListTokens: (libraryPath: string) => Promise<Envelope<{ tokens: TokenInfo[] }>>;
  onSign: (request: SignDialogRequest) => Promise<Envelope<{ results: SignFileResult[]; timestampsPending: number }>>;
  onVerify: (file: string) => Promise<Envelope<{ signatures: SignatureReportDto[] }>>;
  /** Latest sign:progress event, passed down by the caller's subscription. */
  progress?: SignDialogProgress | null;
  onClose: () => void;
}

type Kind = KeySource['kind'];

function reportLine(r: SignatureReportDto, t: (k: string, d: string) => string): string {
  const integrity = r.integrity === 'valid' ? t('signing.intact', 'nguyên vẹn') : t('signing.broken', 'BỊ THAY ĐỔI');
  const trust = r.trusted ? t('signing.trusted', 'tin cậy') : t('signing.untrusted', 'chưa xác định được tin cậy');
  const ts = r.timestamp.status === 'valid' ? t('signing.tsOk', 'có dấu thời gian') : t('signing.tsNone', 'chưa có dấu thời gian');
  return `${r.signer ?? '?'} · ${r.signedAt ?? '?'} · ${integrity} · ${trust} · ${ts}`;
}

export function SignDialog(props: SignDialogProps) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>(props.defaultLibraryPath ? 'pkcs11' : 'p12');
  const [p12Path, setP12Path] = useState<string | null>(null);
  const [libraryPath, setLibraryPath] = useState(props.defaultLibraryPath ?? '');
  const [tokens, setTokens] = useState<TokenInfo[]>([]);
  const [tokenLabel, setTokenLabel] = useState('');
  const [certificateId, setCertificateId] = useState('');
  const [pin, setPin] = useState('');
  const [visible, setVisible] = useState<VisibleStamp | null>({ page: 1 });
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<SignFileResult[]>([]);
  const [reports, setReports] = useState<Record<string, SignatureReportDto[]>>({});

  async function findTokens(): Promise<void> {
    setError(null);
    const found = await props.onListTokens(libraryPath);
    if (!found.ok) return setError(`${found.error.code}: ${found.error.message}`);
    setTokens(found.value.tokens);
    const first = found.value.tokens[0];
    setTokenLabel(first?.label ?? '');
    setCertificateId(first?.certificates.find((c) => !/CA/i.test(c.commonName))?.id ?? first?.certificates[0]?.id ?? '');
    if (found.value.tokens.length === 0) setError(t('signing.noToken', 'Không thấy thiết bị ký số. Hãy cắm USB token.'));
  }

  function keySource(): KeySource | null {
    if (kind === 'p12') return p12Path ? { kind: 'p12', path: p12Path } : null;
    if (!libraryPath) return null;
    return { kind: 'pkcs11', libraryPath, ...(tokenLabel ? { tokenLabel } : {}), ...(certificateId ? { certificateId } : {}) };
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const key = keySource();
    if (!key) return setError(t('signing.chooseKey', 'Hãy chọn tệp chứng thư số hoặc thiết bị ký số'));
    if (!pin) return setError(t('signing.pinRequired', 'Nhập mã PIN / mật khẩu'));
    setBusy(true);
    setError(null);
    const request: SignDialogRequest = { files: props.files.map(({ input, output }) => (output ? { input, output } : { input })), key, pin };
    if (visible) request.visible = visible;
    if (reason.trim()) request.reason = reason.trim();
    const answer = await props.onSign(request);
    setPin(''); // the PIN lives only for this one call
    setBusy(false);
    if (!answer.ok) return setError(`${answer.error.code}: ${answer.error.message}`);
    setResults(answer.value.results);
  }

  async function verify(file: string): Promise<void> {
    const answer = await props.onVerify(file);
    if (!answer.ok) return setError(`${answer.error.code}: ${answer.error.message}`);
    setReports({ ...reports, [file]: answer.value.signatures });
  }

  const selectedToken = tokens.find((tk) => tk.label === tokenLabel);
  const p = props.progress;
  return (
    <div role="dialog" aria-modal="true" aria-labelledby="sign-title" className="dialog sign-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="sign-title">{t('signing.title', 'Ký số tài liệu')} ({props.files.length})</h2>
        <fieldset>
          <legend>{t('signing.keySource', 'Chữ ký số dùng để ký')}</legend>
          <label>
            <input type="radio" name="kind" checked={kind === 'pkcs11'} onChange={() => setKind('pkcs11')} />
            {t('signing.token', 'Thiết bị ký số (USB token)')}
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'p12'} onChange={() => setKind('p12')} />
            {t('signing.p12', 'Tệp chứng thư số (.p12, .pfx)')}
          </label>
        </fieldset>
        {kind === 'p12' ? (
          <p>
            <button type="button" onClick={() => void props.onChooseP12().then((path) => path && setP12Path(path))}>
              {t('signing.chooseP12', 'Chọn tệp…')}
            </button>{' '}
            <span>{p12Path ?? t('signing.noFile', 'chưa chọn')}</span>
          </p>
        ) : (
          <div>
            <label htmlFor="sign-lib">{t('signing.library', 'Thư viện PKCS#11 của nhà cung cấp')}</label>
            <input id="sign-lib" value={libraryPath} onChange={(e) => setLibraryPath(e.target.value)} />
            <button type="button" onClick={() => void findTokens()} disabled={!libraryPath}>
              {t('signing.findTokens', 'Tìm thiết bị')}
            </button>
            {tokens.length > 0 && (
              <>
                <select aria-label={t('signing.tokenLabel', 'Thiết bị')} value={tokenLabel} onChange={(e) => setTokenLabel(e.target.value)}>
                  {tokens.map((tk) => (
                    <option key={tk.slotId} value={tk.label}>{`${tk.label} (${tk.manufacturer})`}</option>
                  ))}
                </select>
                <select aria-label={t('signing.certificate', 'Chứng thư số')} value={certificateId} onChange={(e) => setCertificateId(e.target.value)}>
                  {selectedToken?.certificates.map((c) => (
                    <option key={c.id} value={c.id}>{`${c.commonName} — ${t('signing.until', 'hết hạn')} ${c.notAfter.slice(0, 10)}`}</option>
                  ))}
                </select>
              </>
            )}
          </div>
        )}
        <label htmlFor="sign-pin">{kind === 'p12' ? t('signing.password', 'Mật khẩu tệp') : t('signing.pin', 'Mã PIN')}</label>
        <input id="sign-pin" type="password" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
        <label>
          <input type="checkbox" checked={visible !== null} onChange={(e) => setVisible(e.target.checked ? { page: 1 } : null)} />
          {t('signing.visible', 'Hiện khung chữ ký trên trang')}
        </label>
        {visible && (
          <span>
            {(['page', 'x', 'y'] as const).map((k) => (
              <input
                key={k}
                type="number"
                aria-label={k}
                min={k === 'page' ? 1 : 0}
                placeholder={k === 'page' ? '' : t('signing.auto', 'góc phải trên')}
                value={visible[k] ?? ''}
                onChange={(e) => setVisible({ ...visible, [k]: e.target.value === '' && k !== 'page' ? undefined : Number(e.target.value) })}
              />
            ))}
          </span>
        )}
        <label htmlFor="sign-reason">{t('signing.reason', 'Lý do ký')}</label>
        <input id="sign-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('signing.reasonHint', 'Số hóa thành phần hồ sơ')} />
        {busy && p && (
          <progress max={p.total} value={p.done} aria-label={t('signing.progress', 'Tiến độ ký')}>{`${p.done}/${p.total}`}</progress>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>{t('signing.sign', 'Ký')}</button>
        <button type="button" onClick={props.onClose} disabled={busy}>{t('signing.close', 'Đóng')}</button>
      </form>
      {results.length > 0 && (
        <ul aria-label={t('signing.results', 'Kết quả ký')}>
          {results.map((r) => (
            <li key={r.input}>
              {r.ok ? (
                <>
                  {`✔ ${r.output} · ${r.level}${r.timestamp === 'pending' ? ` · ${t('signing.tsPending', 'chưa có dấu thời gian')}` : ''}`}{' '}
                  <button type="button" onClick={() => void verify(r.output)}>{t('signing.verify', 'Kiểm tra chữ ký')}</button>
                  {reports[r.output]?.map((rep) => <div key={rep.index}>{reportLine(rep, t)}</div>)}
                </>
              ) : (
                `✘ ${r.input}: ${r.error.message}`
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
