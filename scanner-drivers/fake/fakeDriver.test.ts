import { describe, expect, it } from 'vitest';
import { scannerContractSuite, type ContractFault } from '../contract.js';
import { imageInfo } from '../imageInfo.js';
import { pageImageRender } from './pageImage.js';
import { FakeDriver, type FakeFault } from './fakeDriver.js';

const faultOf: Record<ContractFault, FakeFault> = {
  jam: { code: 'scanner-jammed', afterPages: 1 },
  'no-paper': { code: 'scanner-no-paper', afterPages: 0 },
  'cover-open': { code: 'scanner-cover-open', afterPages: 0 },
  busy: { code: 'scanner-busy', afterPages: 0 },
};

scannerContractSuite(
  'fake',
  async (fault) => {
    const driver = new FakeDriver({
      devices: [{ key: 'a', feederSheets: 4, duplex: true, stepDelayMs: 5, ...(fault ? { fault: faultOf[fault] } : {}) }],
    });
    return { driver, deviceId: 'fake:a', feederCapacity: 4 };
  },
  { faults: ['jam', 'no-paper', 'cover-open', 'busy'] },
);

describe('fake pages', () => {
  it('are deterministic, differ by page, and carry their resolution', async () => {
    const spec = { index: 2, dpi: 100, colorMode: 'gray' as const, format: 'png' as const };
    const a = await pageImageRender(spec);
    const b = await pageImageRender(spec);
    const c = await pageImageRender({ ...spec, index: 3 });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(Buffer.from(a.bytes).equals(Buffer.from(c.bytes))).toBe(false);
    expect(imageInfo(a.bytes)).toEqual({ mime: 'image/png', width: 827, height: 1169, dpi: 100 });
    const jpeg = await pageImageRender({ ...spec, format: 'jpeg', colorMode: 'color' });
    expect(imageInfo(jpeg.bytes)).toEqual({ mime: 'image/jpeg', width: 827, height: 1169, dpi: 100 });
  });
});
