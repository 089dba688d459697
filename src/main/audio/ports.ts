// What the app core needs from the audio engine beyond the assistant's ports: devices, the Settings
// test tone and mic meter. Implemented over PortAudio by src/main/audio/audio-service.ts.
import type { EventEmitter } from 'node:events';
import type { AudioDevice, Level } from '../../shared/domain';
import type { AudioPorts } from '../assistant/audio-ports';

export interface DeviceList {
  inputs: AudioDevice[];
  outputs: AudioDevice[];
}

export interface DeviceFallback {
  kind: 'input' | 'output';
  message: string;
}

export interface AudioServicePort extends EventEmitter<{ fallback: [DeviceFallback] }> {
  listDevices(refresh?: boolean): Promise<DeviceList>;
  /** Ports that open the currently chosen devices each time they are used. */
  ports(choice: () => { inputDeviceId: string | null; outputDeviceId: string | null; outputVolume: number }): AudioPorts;
  /** 0..1, applied to the assistant's speech from the next chunk on. */
  setOutputVolume(volume: number): void;
  playTestTone(deviceId: string | null): Promise<void>;
  /** Streams input levels until the returned function is called. */
  monitorInput(deviceId: string | null, onLevel: (level: Level) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
