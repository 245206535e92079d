import { useCallback, useEffect, useState } from 'react';
import type { ResultOf } from '../../../shared/contract/commands.js';
import { invokeResult, on } from '../../ipc/client.js';
import { PrinterSettings } from './PrinterSettings.js';

type Listing = ResultOf<'printer:list'>;

/** Wires the receipt-printer settings to the contract: ports, profiles, status, test print, live jobs. */
export function PrinterPanel() {
  const [listing, setListing] = useState<Listing | null>(null);
  const refresh = useCallback(async () => {
    const r = await invokeResult('printer:list', {});
    if (r.ok) setListing(r.value);
  }, []);
  useEffect(() => {
    void refresh();
    return on('printer:changed', () => void refresh());
  }, [refresh]);
  if (!listing) return null;
  return (
    <section className="panel wide" data-testid="printer-settings">
      <PrinterSettings
        ports={listing.ports}
        profiles={listing.profiles}
        settings={listing.settings}
        jobs={listing.jobs}
        onRefreshPorts={() => void refresh()}
        onSave={(settings) => invokeResult('printer:configure', settings)}
        onStatus={(target) => invokeResult('printer:status', { target })}
        onTestPrint={(settings) => invokeResult('printer:testPrint', settings)}
      />
    </section>
  );
}
