// The protocol simulator: a local Realtime server for tests, `npm run sim` and the offline demo.
import { startSimulator } from './server';
import type { RunningSimulator } from './types';

export { startSimulator };
export type { RunningSimulator, SimulatorConnectionInfo, SimulatorFault, SimulatorOptions } from './types';

/** The offline demo's server: any free loopback port, and nothing kept of what the user says. */
export function startOfflineDemoServer(): Promise<RunningSimulator> {
  return startSimulator({ port: 0, recordReceived: false });
}
