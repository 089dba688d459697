// macOS records silence, without an error, from an app that was not granted the microphone: without this
// check a turn would go out empty and the user would never learn why. The shell hands in how to ask (the
// core never imports electron); everything else passes through to the engine unchanged.
import { MicrophoneAccessError, type AudioServicePort } from '../audio/ports';
import { MicrophoneGate } from './microphone-gate';

export const MICROPHONE_ACCESS_OFF =
  'Microphone access is off for Voice Assistant. Turn it on in System Settings → Privacy & Security → Microphone, then try again.';

/**
 * The audio service, asking the system for the microphone before anything records. A grant is remembered
 * (macOS does not take it back from a running app); a denial is asked again each time, since the user may
 * have turned access on in System Settings meanwhile. Concurrent openings share one question.
 */
export function withMicrophoneAccess(audio: AudioServicePort, ask: () => Promise<boolean>): AudioServicePort {
  const { allowed } = new MicrophoneAccess(ask);
  return new MicrophoneGate(audio, { beforeOpen: allowed, beforeMonitor: allowed });
}

/** The grant, asked for once it is needed; the gate calls `allowed` before the microphone or meter opens. */
class MicrophoneAccess {
  private granted = false;
  private asking: Promise<boolean> | null = null;

  constructor(private readonly ask: () => Promise<boolean>) {}

  readonly allowed = async (): Promise<void> => {
    if (this.granted) return;
    this.asking ??= this.ask().finally(() => {
      this.asking = null;
    });
    if (await this.asking) this.granted = true;
    else throw new MicrophoneAccessError(MICROPHONE_ACCESS_OFF);
  };
}
