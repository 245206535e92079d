import type { Services } from '../../app/services.js';
import type { Handler } from '../router.js';

export function filesHandlers(services: Services): { 'files:put': Handler<'files:put'>; 'files:get': Handler<'files:get'> } {
  return {
    'files:put': ({ dataBase64 }) => services.blobs.put(Buffer.from(dataBase64, 'base64')),
    'files:get': async ({ sha256 }) => ({ sha256, dataBase64: (await services.blobs.get(sha256)).toString('base64') }),
  };
}
