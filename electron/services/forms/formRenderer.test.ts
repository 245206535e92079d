import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.js';
import { formRender } from './formRender.js';
import { formRendererCreate } from './formRenderer.js';
import type { FormKind } from './model.js';
import { formSampleView } from './sample.js';

// The worker-thread renderer against the in-process one: same bytes, errors keep their codes,
// a timed-out worker is replaced.

const renderer = formRendererCreate();
afterAll(() => renderer.close());

describe('formRendererCreate (worker thread)', () => {
  it('renders the same bytes as the in-process renderer', async () => {
    const [off, local] = await Promise.all([renderer.render('04', formSampleView()), formRender('04', formSampleView())]);
    expect(off.pages).toBe(1);
    expect(Buffer.from(off.bytes).equals(Buffer.from(local.bytes))).toBe(true);
  });

  it('keeps the error code of a failed render', async () => {
    const broken = formRendererCreate({ fontDir: '/nonexistent/fonts' });
    try {
      await expect(broken.render('01', formSampleView())).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'not-found');
    } finally {
      await broken.close();
    }
  });

  it('times out a slow job, then serves the next one on a fresh worker', async () => {
    const hasty = formRendererCreate({ timeoutMs: 1 });
    try {
      await expect(hasty.render('book', formSampleView())).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'timeout');
    } finally {
      await hasty.close();
    }
    const kinds: FormKind[] = ['02', '03'];
    const forms = await Promise.all(kinds.map((k) => renderer.render(k, formSampleView())));
    expect(forms.map((f) => f.kind)).toEqual(kinds);
  });
});
