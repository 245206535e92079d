import type { z } from 'zod';
import type { bundleCommands } from '../../../shared/contract/bundle.js';
import type { BundleKeys } from '../../services/bundle/bundleKeys.js';
import type { BundleService } from '../../services/bundle/bundleService.js';
import type { CallContext } from '../session.js';

// Handlers of the bundle contract (shared/contract/bundle.ts), typed from it directly so they
// type-check before the lead composes bundleCommands into commands.ts.

type Cmds = typeof bundleCommands;
type Args<K extends keyof Cmds> = z.output<Cmds[K]['args']>;
type Result<K extends keyof Cmds> = z.output<Cmds[K]['result']>;

export interface BundleHandlerDeps {
  service: BundleService;
  keys: BundleKeys;
}

export function bundleHandlers(deps: BundleHandlerDeps): { [K in keyof Cmds]: (args: Args<K>, ctx: CallContext) => Promise<Result<K>> } {
  return {
    'bundle:export': (args) => deps.service.export(args),
    'bundle:import': (args) => deps.service.import(args.path),
    'bundle:identity': async () => {
      const s = await deps.keys.signer();
      return { workstationId: s.workstationId, publicKeyPem: s.publicKeyPem };
    },
    'bundle:trust': async (args) => {
      await deps.keys.trustAdd(args.workstationId, args.publicKeyPem);
      return { workstationId: args.workstationId };
    },
    'bundle:secret': async (args) => {
      await deps.keys.secretSet(args.id, args.keyBase64);
      return { id: args.id };
    },
  };
}
