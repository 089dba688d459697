// Every web mode under test gets a sound system, as a user's machine has: a private PulseAudio with a
// virtual speaker and microphone. Its env is set here, before the workers start, so each web-mode child
// inherits it. (Specs that need their own devices start their own server and pass its env explicitly.)
import { startPulse } from '../pulse';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const pulse = await startPulse();
  for (const name of ['XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME', 'PULSE_SERVER'] as const) process.env[name] = pulse.env[name];
  return () => pulse.stop();
}
