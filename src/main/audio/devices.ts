// Audio devices as the app sees them: a stable id `${hostApi}:${name}` (PortAudio indices change whenever
// PortAudio re-initialises), the default marked, and resolution of a saved choice to a device that exists
// now — or the default, with a `fallback` reason the caller can show the user.
//
// Re-listing: the addon's getDevices() runs Pa_Initialize/Pa_Terminate around each call, so a call made
// while no stream is open re-enumerates (new ALSA PCMs and sound-server changes appear). While any stream
// is open PortAudio stays initialised and the list is the one from when that stream opened. `listDevices`
// reports which case applied (`fresh`).
import type { AudioDevice, DeviceKind, DeviceList } from '../../shared/domain';
import { portAudio } from './portaudio';
import type { PaDeviceInfo, PortAudio } from './portaudio';

export interface DeviceListing extends DeviceList {
  /** False when PortAudio could not re-enumerate (a stream was open). */
  fresh: boolean;
}

/**
 * The audio layer's note that the default stands in for a missing device, with the id that was asked
 * for. The kind follows from who reports it (capture or playback): the engine adds it and passes the
 * reason on as the user-facing DeviceFallback.
 */
export interface DeviceSubstitution {
  requestedId: string;
  /** Plain words for the user. */
  reason: string;
}

export interface ResolvedDevice {
  device: AudioDevice;
  /** PortAudio index, valid until PortAudio re-initialises: resolve right before opening. */
  index: number;
  /** Set when the requested device is missing and the default stands in. */
  fallback: DeviceSubstitution | null;
}

export class NoAudioDeviceError extends Error {
  constructor(readonly kind: DeviceKind) {
    super(kind === 'input' ? 'No microphone was found.' : 'No speaker or headphones were found.');
    this.name = 'NoAudioDeviceError';
  }
}

export function deviceId(hostApi: string, name: string): string {
  return `${hostApi}:${name}`;
}

interface IndexedDevice extends AudioDevice {
  index: number;
}

function defaults(pa: PortAudio): { input: number; output: number } {
  const apis = pa.hostApis();
  const api = apis.hostApis[apis.defaultHostApi];
  // 0xffffffff is paNoDevice read back as an unsigned number.
  const norm = (i: number | undefined): number => (i === undefined || i >= 0xffffffff || i < 0 ? -1 : i);
  return { input: norm(api?.defaultInput), output: norm(api?.defaultOutput) };
}

// Each native listing call runs its own Pa_Initialize/Pa_Terminate (~40 ms here), so the default-device
// query is skipped when only a lookup by id is needed.
function indexed(pa: PortAudio, withDefaults = true): { inputs: IndexedDevice[]; outputs: IndexedDevice[] } {
  const raw: PaDeviceInfo[] = pa.listDevices();
  const def = withDefaults ? defaults(pa) : { input: -2, output: -2 };
  const seen = new Map<string, number>();
  const inputs: IndexedDevice[] = [];
  const outputs: IndexedDevice[] = [];
  for (const d of raw) {
    let id = deviceId(d.hostApiName, d.name);
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    if (n > 1) id = `${id}#${n}`; // same name twice on one host API: keep ids unique and stable by order
    const base = { id, name: d.name, hostApi: d.hostApiName, defaultSampleRate: d.defaultSampleRate, index: d.index };
    if (d.maxInputChannels > 0) inputs.push({ ...base, isDefault: d.index === def.input, maxChannels: d.maxInputChannels });
    if (d.maxOutputChannels > 0) outputs.push({ ...base, isDefault: d.index === def.output, maxChannels: d.maxOutputChannels });
  }
  return { inputs, outputs };
}

const strip = ({ index: _index, ...device }: IndexedDevice): AudioDevice => device;

export function listDevices(pa: PortAudio = portAudio()): DeviceListing {
  const fresh = pa.canReenumerate;
  const { inputs, outputs } = indexed(pa);
  return { inputs: inputs.map(strip), outputs: outputs.map(strip), fresh };
}

/**
 * The device to open for `id` (null = the system default). A missing device falls back to the default
 * with a reason in plain words; no device at all throws NoAudioDeviceError. With `markDefault: false` a
 * device found by id is returned without asking PortAudio which device is the default (one PortAudio
 * init less, ≈40 ms): its `isDefault` is then false even if it happens to be the default.
 */
export function resolveDevice(
  id: string | null,
  kind: DeviceKind,
  pa: PortAudio = portAudio(),
  { markDefault = true }: { markDefault?: boolean } = {},
): ResolvedDevice {
  const key = kind === 'input' ? 'inputs' : 'outputs';
  if (id !== null) {
    const match = indexed(pa, markDefault)[key].find((d) => d.id === id);
    if (match) return { device: strip(match), index: match.index, fallback: null };
  }
  const all = indexed(pa)[key];
  const chosen = all.find((d) => d.isDefault) ?? all[0];
  if (!chosen) throw new NoAudioDeviceError(kind);
  const what = kind === 'input' ? 'microphone' : 'output';
  const fallback =
    id === null
      ? null
      : { requestedId: id, reason: `The ${what} "${nameOf(id)}" is not available; using the default ${what} "${chosen.name}" instead.` };
  return { device: strip(chosen), index: chosen.index, fallback };
}

/** The device name part of an id, for messages. */
export function nameOf(id: string): string {
  const i = id.indexOf(':');
  return i >= 0 ? id.slice(i + 1) : id;
}
