// The assistant's microphone: opened once however many callers ask at the same time, closed whatever state
// its opening is in, and every failure told in the same plain words; and the half-duplex policy, which
// depends on whether it cancels echo.
import type { Level, UserFacingError } from '../../shared/domain';
import { errorText } from '../../shared/error-text';
import { MicrophoneAccessError, type MicrophoneOptions, type MicrophonePort } from '../audio/ports';
import type { HalfDuplexMode } from '../../shared/settings';

export interface MicrophoneListeners {
  frame(frame: Buffer): void;
  level(level: Level): void;
  error(error: UserFacingError): void;
  /**
   * Echo got through the canceller on this microphone (once per microphone opened), or the canceller could
   * not start (once): what to tell the user.
   */
  echoLeak(notice: string): void;
}

export class AssistantMicrophone {
  private mic: MicrophonePort | null = null;
  private opening: Promise<MicrophonePort> | null = null;
  /** The open microphone's canceller let echo through: until it is opened again, it is gated as if it had none. */
  private leaked = false;
  /** The canceller was asked for and could not run: told once, not at every push-to-talk press. */
  private toldUnavailable = false;

  constructor(
    private readonly openPort: (options: MicrophoneOptions) => Promise<MicrophonePort>,
    private readonly halfDuplex: () => HalfDuplexMode,
    /** Hands-free mode: the microphone stays open across the assistant's replies. */
    private readonly handsFree: () => boolean,
    private readonly on: MicrophoneListeners,
  ) {}

  /**
   * The canceller runs only where the microphone is open while the assistant speaks: hands-free with
   * `auto`. With headphones (`off`), a muted microphone (`always`) or push-to-talk (a press stops the reply)
   * it would cost CPU (≈ 46 ms per second of capture in the CLI, and 30 MiB) and, while it learns the room, dull the voice.
   */
  private wantsCanceller(): boolean {
    return this.halfDuplex() === 'auto' && this.handsFree();
  }

  private open(): Promise<MicrophonePort> {
    return this.openPort({ echoCancellation: this.wantsCanceller() });
  }

  /** Hands-free: mute while the assistant speaks, unless its echo is cancelled (and none got through), or never. */
  mutedWhileSpeaking(): boolean {
    const setting = this.halfDuplex();
    return setting === 'always' || (setting === 'auto' && !this.cancelsEcho);
  }

  /** Half-duplex changed to or from automatic: an open microphone reopens with or without the canceller. */
  async reopenIfCancellerChanged(): Promise<void> {
    if (!this.mic || this.mic.echoCancelled === this.wantsCanceller()) return;
    await this.close();
    await this.ensureOrReport();
  }

  /** Opens it unless it is open or opening; rejects with the device's error. */
  async ensure(): Promise<MicrophonePort> {
    if (this.mic) return this.mic;
    this.opening ??= this.open().then((mic) => {
      mic.on('frame', (frame: Buffer) => this.on.frame(frame));
      mic.on('level', (level: Level) => this.on.level(level));
      mic.on('error', (error: unknown) => this.report(error));
      mic.on('echo-leak', () => {
        this.leaked = true;
        this.on.echoLeak(
          this.halfDuplex() === 'auto'
            ? 'The assistant can hear itself through the speakers, so the microphone is now muted while it speaks. Use headphones or push-to-talk to interrupt it by voice.'
            : 'The assistant can hear itself through the speakers and may interrupt itself. Use headphones or push-to-talk.',
        );
      });
      this.leaked = false;
      this.mic = mic;
      if (this.wantsCanceller() && !mic.echoCancelled && !this.toldUnavailable) {
        this.toldUnavailable = true;
        this.on.echoLeak(
          'Echo cancellation could not start, so in hands-free mode the microphone is muted while the assistant speaks. To interrupt it by voice, use headphones and choose "Never muted" in Settings.',
        );
      }
      return mic;
    });
    try {
      return await this.opening;
    } finally {
      this.opening = null;
    }
  }

  /** The open microphone sends echo-cancelled audio that is working (no echo has got through). */
  private get cancelsEcho(): boolean {
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
