// The app's log of what the native audio layer said (native-diagnostics.ts): a plain text file the user can
// attach to a bug report, named in the README's troubleshooting. Appends are synchronous (lines are rare and
// rate-limited, and a crash must not lose the last ones); the file is rotated once it passes `maxBytes`.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { nativeDiagnostics } from '../audio/native-diagnostics';

export interface DiagnosticsLogOptions {
  /** Rotated to `<file>.1` (replacing it) past this size. */
  maxBytes?: number;
  /** Lines written per `windowMs` at most; the rest are counted and reported as one line. */
  maxLinesPerWindow?: number;
  windowMs?: number;
  now?: () => number;
}

export class DiagnosticsLog {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly maxLines: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private windowStart = -Infinity;
  private linesInWindow = 0;
  private suppressed = 0;
  private size: number;

  constructor(dir: string, options: DiagnosticsLogOptions = {}) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = join(dir, 'diagnostics.log');
    this.maxBytes = options.maxBytes ?? 512 * 1024;
    this.maxLines = options.maxLinesPerWindow ?? 200;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.size = sizeOf(this.file);
  }

  write(source: string, line: string): void {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      if (this.suppressed > 0) this.append(now, 'log', `${this.suppressed} lines not written (more than ${this.maxLines} a minute)`);
      this.windowStart = now;
      this.linesInWindow = 0;
      this.suppressed = 0;
    }
    if (this.linesInWindow >= this.maxLines) {
      this.suppressed++;
      return;
    }
    this.linesInWindow++;
    this.append(now, source, line);
  }

  private append(now: number, source: string, line: string): void {
    const text = `${new Date(now).toISOString()} ${source}: ${line.replace(/[\r\n]+/g, ' ')}\n`;
    try {
      if (this.size + text.length > this.maxBytes) {
        renameSync(this.file, `${this.file}.1`);
        this.size = 0;
      }
      appendFileSync(this.file, text, { mode: 0o600 });
      this.size += Buffer.byteLength(text);
    } catch {
      // A log that cannot be written must not take the app down with it.
    }
  }
}

/** Writes the native audio layer's lines to `dir`/diagnostics.log until the returned function is called. */
export function logNativeDiagnostics(dir: string, options?: DiagnosticsLogOptions): { log: DiagnosticsLog; stop: () => void } {
  const log = new DiagnosticsLog(dir, options);
  const listener = (line: string): void => log.write('audio', line);
  nativeDiagnostics.on('line', listener);
  return { log, stop: () => nativeDiagnostics.off('line', listener) };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
