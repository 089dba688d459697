// The assistant's microphone: opened once however many callers ask at the same time, closed whatever state
// its opening is in, and every failure told in the same plain words.
import type { Level, UserFacingError } from '../../shared/domain';
import { errorText } from '../../shared/error-text';
import { MicrophoneAccessError, type MicrophonePort } from '../audio/ports';

export interface MicrophoneListeners {
  frame(frame: Buffer): void;
  level(level: Level): void;
  error(error: UserFacingError): void;
  /** Echo got through the canceller on this microphone (once per microphone opened). */
  echoLeak(): void;
}

export class AssistantMicrophone {
  private mic: MicrophonePort | null = null;
  private opening: Promise<MicrophonePort> | null = null;
  /** The open microphone's canceller let echo through: until it is opened again, it is gated as if it had none. */
  private leaked = false;

  constructor(
    private readonly open: () => Promise<MicrophonePort>,
    private readonly on: MicrophoneListeners,
  ) {}

  /** Opens it unless it is open or opening; rejects with the device's error. */
  async ensure(): Promise<MicrophonePort> {
    if (this.mic) return this.mic;
    this.opening ??= this.open().then((mic) => {
      mic.on('frame', (frame: Buffer) => this.on.frame(frame));
      mic.on('level', (level: Level) => this.on.level(level));
      mic.on('error', (error: unknown) => this.report(error));
      mic.on('echo-leak', () => {
        this.leaked = true;
        this.on.echoLeak();
      });
      this.leaked = false;
      this.mic = mic;
      return mic;
    });
    try {
      return await this.opening;
    } finally {
      this.opening = null;
    }
  }

  /** The open microphone sends echo-cancelled audio that is working (no echo has got through). */
  get cancelsEcho(): boolean {
    return this.mic?.echoCancelled === true && !this.leaked;
  }

  /** Opens it, telling a failure as an error rather than rejecting. */
  ensureOrReport(): Promise<unknown> {
    return this.ensure().catch((error: unknown) => this.report(error));
  }

  async close(): Promise<void> {
    const mic = this.mic ?? (await this.opening?.catch(() => null)) ?? null;
    this.mic = null;
    if (!mic) return;
    mic.removeAllListeners();
    await mic.stop();
  }

  report(error: unknown): void {
    // Its message already says what to turn on and where; "check that it is plugged in" would mislead.
    if (error instanceof MicrophoneAccessError) this.on.error({ kind: 'audio', message: error.message });
    else this.on.error({ kind: 'audio', message: `The microphone is not working: ${errorText(error)}`, action: 'Check that it is plugged in, or pick another microphone in Settings.' });
  }
}
