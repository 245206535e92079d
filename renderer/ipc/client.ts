import type { ArgsOf, CommandName, EventName, PayloadOf, ResultOf } from '../../shared/contract/commands.js';
import { unwrap, type Envelope } from '../../shared/contract/errors.js';
import { transportChoose, type Transport } from './transport.js';

// The renderer's typed client. `invoke` throws AppError with the error's code; `invokeResult`
// returns the envelope for callers that branch on failure.

let transport: Transport | null = null;

function current(): Transport {
  transport ??= transportChoose();
  return transport;
}

export function transportKind(): Transport['kind'] {
  return current().kind;
}

export async function invokeResult<K extends CommandName>(name: K, args: ArgsOf<K>): Promise<Envelope<ResultOf<K>>> {
  return (await current().invoke(name, args)) as Envelope<ResultOf<K>>;
}

export async function invoke<K extends CommandName>(name: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
  return unwrap(await invokeResult(name, args));
}

export function on<E extends EventName>(name: E, listener: (payload: PayloadOf<E>) => void): () => void {
  return current().on(name, listener as (payload: unknown) => void);
}
