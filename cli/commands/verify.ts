import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliArgs } from '../args.js';
import { CliError, type CliCommand } from '../command.js';

// `motcua verify`: the in-app verifier. Exit code 1 when any signature is broken (changed after
// signing, or its CMS unreadable); an untrusted or untimestamped signature is reported, not fatal.

export const command: CliCommand = {
  name: 'verify',
  summary: 'Verify every signature in a PDF (integrity, trust, timestamp); exit 1 if one is broken',
  usage: 'motcua verify <file.pdf> [--trust <ca.pem>]... [--online] [--json]',
  async run(argv, io) {
    const { values, positionals } = cliArgs(
      argv,
      { trust: { type: 'string', multiple: true }, online: { type: 'boolean' }, json: { type: 'boolean' } },
      true,
    );
    if (positionals.length !== 1) throw new CliError('give exactly one PDF');
    const file = resolve(io.cwd, positionals[0] ?? '');
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch {
      throw new CliError(`cannot read ${file}`);
    }
    const { pemCertificatesParse } = await import('../../electron/services/signing/chain.js');
    const trustRoots: Uint8Array[] = [];
    for (const path of values.trust ?? []) {
      let pem: string;
      try {
        pem = readFileSync(resolve(io.cwd, path), 'utf8');
      } catch {
        throw new CliError(`cannot read trust file ${path}`);
      }
      const certs = pemCertificatesParse(pem);
      if (certs.length === 0) throw new CliError(`${path} holds no PEM certificate`);
      trustRoots.push(...certs);
    }
    const { pdfVerify } = await import('../../electron/services/signing/verify.js');
    const reports = await pdfVerify(bytes, { trustRoots, online: values.online === true });
    const broken = reports.some((r) => r.integrity === 'broken');
    if (values.json) {
      io.out(
        JSON.stringify(
          reports.map((r) => ({
            signer: r.signer,
            signedAt: r.signedAt,
            integrity: r.integrity,
            trusted: r.trusted,
            timestamp: r.timestamp.status,
            reason: r.reason,
            level: r.level,
            revocation: r.revocation,
            problem: r.integrityProblem,
          })),
        ),
      );
    } else if (reports.length === 0) {
      io.out('Tệp không có chữ ký số');
    } else {
      for (const r of reports) {
        const state = r.integrity === 'valid' ? 'nguyên vẹn' : `HỎNG (${r.integrityProblem ?? ''})`;
        const trust = r.trusted ? 'tin cậy' : `chưa tin cậy (${r.chain})`;
        const ts = r.timestamp.status === 'valid' ? `dấu thời gian ${r.timestamp.time}` : r.timestamp.status === 'none' ? 'chưa có dấu thời gian' : 'dấu thời gian không hợp lệ';
        io.out(`#${r.index} ${r.signer ?? '?'} — ${r.signedAt ?? '?'} — ${state}, ${trust}, ${ts}${r.reason ? ` — ${r.reason}` : ''}`);
      }
    }
    return broken ? 1 : 0;
  },
};
