import { scannerContractSuite, type ContractFault } from '../contract.js';
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
