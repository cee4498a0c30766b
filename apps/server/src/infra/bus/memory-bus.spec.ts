import { describeBusContract } from './bus.contract.js';
import { MemoryBusBackend } from './memory-bus.js';

describeBusContract('in-process', async () => new MemoryBusBackend());
