import { describe, expect, it } from 'vitest';
import { saneCapabilities, saneDevicesParse, saneExitError, saneOptionsParse, saneScanArgs, saneStderrParse } from './saneParse.js';

// Output shapes of other backends than `test`, taken from scanimage -A of sane-airscan.
const airscanOptions = `
All options specific to device \`airscan:e0:Test':
  Standard:
    --resolution 75|150|300|600dpi [300]
        Sets the resolution of the scanned image.
    --mode Color|Gray [Color]
        Selects the scan mode (e.g., lineart, monochrome, or color).
    --source Flatbed|ADF|ADF Duplex [Flatbed]
        Selects the scan source (such as a document-feeder).
  Geometry:
    -l 0..215.9mm [0]
    -t 0..297.011mm [0]
    -x 0..215.9mm [215.9]
    -y 0..297.011mm [297.011]
`;

describe('saneParse', () => {
  it('reads the sources, modes, resolution list and bed size of an airscan device', () => {
    const o = saneOptionsParse(airscanOptions);
    expect(o.sources).toEqual({ flatbed: 'Flatbed', adf: 'ADF', duplex: 'ADF Duplex' });
    expect(saneCapabilities(o)).toEqual({ sources: ['flatbed', 'adf', 'duplex'], resolutions: [75, 150, 300, 600], colorModes: ['color', 'gray'], maxWidthMm: 215.9, maxHeightMm: 297.011 });
  });

  it('parses the -f device list', () => {
    expect(saneDevicesParse('test:0\tNoname\tfrontend-tester\tvirtual device\n')).toEqual([{ id: 'sane:test:0', driver: 'sane', name: 'Noname frontend-tester', model: 'virtual device' }]);
  });

  it('splits --progress output that has no line ends and keeps the tail', () => {
    const r = saneStderrParse('Scanning page 2\nProgress: 3.4%Progress: 6.8%Progress: 1');
    expect(r.events).toEqual([{ kind: 'page-start', page: 2 }, { kind: 'progress', percent: 3.4 }, { kind: 'progress', percent: 6.8 }]);
    expect(r.rest).toBe('Progress: 1');
  });

  it('treats a dry feeder after saved pages as the end, and with none as no paper', () => {
    expect(saneExitError(7, 'scanimage: sane_start: Document feeder out of documents\n', 3, 'sane:x')).toBeNull();
    expect(saneExitError(7, '', 0, 'sane:x')?.code).toBe('scanner-no-paper');
    expect(saneExitError(6, '', 1, 'sane:x')?.code).toBe('scanner-jammed');
    expect(saneExitError(1, 'scanimage: open of device nope:0 failed: Invalid argument\n', 0, 'sane:nope:0')?.code).toBe('scanner-offline');
    expect(saneExitError(4, 'scanimage: setting of option --mode failed (Invalid argument)\n', 0, 'sane:x')?.code).toBe('internal');
  });

  it('builds a feeder batch without a page limit when none is asked', () => {
    const args = saneScanArgs({ device: 'test:0', sourceLabel: 'ADF', modeLabel: 'Gray', dpi: 200, pages: Infinity, pattern: '/o/page-%04d.png', widthMm: 215.9, heightMm: 356, extra: [] });
    expect(args).toEqual(['-d', 'test:0', '--format=png', '--batch=/o/page-%04d.png', '--batch-print', '--progress', '--source', 'ADF', '--mode', 'Gray', '--resolution', '200', '-x', '210', '-y', '297']);
  });
});
