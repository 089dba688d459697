// The protocol simulator: a local Realtime server for tests, `npm run sim` and the offline demo.
export { startSimulator } from './server';
export type { RunningSimulator, SimulatorConnectionInfo, SimulatorFault, SimulatorOptions } from './types';
