// What the native audio layer would print into the terminal: alsa-lib's errors while PortAudio probes
// devices (192 lines on a machine without a sound card), the JACK client library's, the addon's xrun notices.
// The addon patch catches them in a bounded buffer; portaudio.ts collects that buffer after each native
// call and hands the lines on here, where the app's log (or the CLI's --verbose) listens. Process-wide, as
// the addon is.
import { EventEmitter } from 'node:events';

export interface DiagnosticsSource {
  /** The patched addon's buffer since the last call; absent from an unpatched addon. */
  takeDiagnostics?(): { lines: string[]; dropped: number };
}

class NativeDiagnostics extends EventEmitter<{ line: [line: string] }> {
  /** Lines caught since the process started, and lines the addon's buffer overflowed before collection. */
  readonly counts = { captured: 0, dropped: 0 };

  collect(source: DiagnosticsSource): void {
    const taken = source.takeDiagnostics?.();
    if (!taken) return;
    this.counts.captured += taken.lines.length;
    this.counts.dropped += taken.dropped;
    if (taken.dropped > 0) this.emit('line', `(${taken.dropped} earlier lines dropped)`);
    for (const line of taken.lines) this.emit('line', line);
  }
}

export const nativeDiagnostics = new NativeDiagnostics();
