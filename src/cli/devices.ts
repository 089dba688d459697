// `devices`: the input and output devices the app can use, with the ids Settings stores.
import type { Writable } from 'node:stream';
import type { AudioServicePort } from '../main/audio/ports';
import type { AudioDevice, DeviceKind } from '../shared/domain';
import { CliFailure, EXIT } from './exit-codes';

export async function runDevices(audio: AudioServicePort, json: boolean, out: Writable): Promise<number> {
  const list = await audio.listDevices();
  if (json) {
    out.write(`${JSON.stringify(list)}\n`);
    return EXIT.ok;
  }
  const section = (title: string, devices: AudioDevice[]): void => {
    out.write(`${title}:\n`);
    if (devices.length === 0) out.write('  (none)\n');
    for (const d of devices) out.write(`  ${d.isDefault ? '*' : ' '} ${d.name}  [${d.hostApi}, ${d.maxChannels} ch, ${d.defaultSampleRate} Hz]\n`);
  };
  section('Inputs', list.inputs);
  section('Outputs', list.outputs);
  out.write('* = system default. Pass a name to --input-device / --output-device.\n');
  if (list.inputs.length === 0 && list.outputs.length === 0) {
    throw new CliFailure('No audio devices found. Check that a sound server (PulseAudio or PipeWire) is running and libasound2-plugins is installed.', EXIT.other);
  }
  return EXIT.ok;
}

/** Finds a device by exact id, exact name, or a unique part of its name. */
export function findDevice(devices: AudioDevice[], query: string, kind: DeviceKind): AudioDevice {
  const q = query.toLowerCase();
  const exact = devices.find((d) => d.id.toLowerCase() === q || d.name.toLowerCase() === q);
  if (exact) return exact;
  const partial = devices.filter((d) => d.name.toLowerCase().includes(q));
  if (partial.length === 1) return partial[0]!;
  const hint = `Run "npm run cli -- devices" to list them.`;
  if (partial.length > 1) throw new CliFailure(`"${query}" matches several ${kind} devices (${partial.map((d) => d.name).join(', ')}). ${hint}`, EXIT.other);
  throw new CliFailure(`No ${kind} device named "${query}". ${hint}`, EXIT.other);
}
