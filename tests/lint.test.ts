import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

async function lintFixture(path: string) {
  const eslint = new ESLint({ cwd: root, ignore: false });
  const [result] = await eslint.lintFiles([join(root, path)]);
  return (result?.messages ?? []).map((m) => `${m.ruleId}:${m.line}`);
}

describe('process-boundary lint rules', () => {
  it('catch node, electron and DOM use in shared/', async () => {
    const messages = await lintFixture('tests/fixtures/lint/shared/badImport.ts');
    expect(messages).toContain('@typescript-eslint/no-restricted-imports:2');
    expect(messages).toContain('@typescript-eslint/no-restricted-imports:3');
    expect(messages).toContain('no-restricted-globals:5');
  });

  it('let the renderer import the preload’s type but not its code', async () => {
    const messages = await lintFixture('tests/fixtures/lint/renderer/badImport.ts');
    expect(messages).toEqual(['@typescript-eslint/no-restricted-imports:2']);
  });

  it('keep the server away from electron/', async () => {
    expect(await lintFixture('tests/fixtures/lint/server/badImport.ts')).toEqual(['@typescript-eslint/no-restricted-imports:2']);
  });
});
