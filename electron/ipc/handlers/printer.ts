import type { z } from 'zod';
import type { printerCommands, printerEvents } from '../../../shared/contract/printer.js';
import { receiptViewFromExport, type ReceiptMapOptions } from '../../../shared/escpos/receiptView.js';
import type { PrinterService } from '../../services/printer/printerService.js';
import type { CallContext } from '../session.js';

// Handlers of the printer contract (shared/contract/printer.ts), typed from it directly so
// they type-check before the lead composes printerCommands into commands.ts.

type Cmds = typeof printerCommands;
type Args<K extends keyof Cmds> = z.output<Cmds[K]['args']>;
type Result<K extends keyof Cmds> = z.output<Cmds[K]['result']>;
type ChangedPayload = z.output<(typeof printerEvents)['printer:changed']['payload']>;

export interface PrinterHandlerDeps {
  service: PrinterService;
  /** Header lines from the workstation settings (unit name, parent agency, lookup hint). */
  receiptOptions: () => Promise<ReceiptMapOptions>;
  emit: (name: 'printer:changed', payload: ChangedPayload) => void;
}

export function printerHandlers(deps: PrinterHandlerDeps): { [K in keyof Cmds]: (args: Args<K>, ctx: CallContext) => Promise<Result<K>> } {
  return {
    'printer:list': async () => ({
      ports: await deps.service.ports().catch(() => []),
      profiles: deps.service.profiles(),
      settings: await deps.service.settings(),
      jobs: deps.service.queue.jobs(),
    }),
    'printer:configure': async (args) => {
      const saved = await deps.service.configure(args);
      deps.emit('printer:changed', { settings: saved });
      return saved;
    },
    'printer:status': async (args) => deps.service.status(args.target),
    'receipt:print': async (args) => {
      const view = receiptViewFromExport(args.export, await deps.receiptOptions());
      return deps.service.receiptPrint(view, args.copies ? { copies: args.copies } : {});
    },
    'printer:testPrint': async (args) => deps.service.testPrint(args),
  };
}
