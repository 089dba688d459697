// Synthesised speech for audio tests: espeak-ng renders the text, sox converts it to the protocol's format
// (24 kHz mono signed 16-bit little-endian). Files live in a temp dir the caller removes with `cleanup()`.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SpeechClip {
  /** 24 kHz mono pcm16 WAV (for paplay). */
  wav: string;
  /** Same audio as headerless s16le. */
  raw: string;
  /** The samples as pcm16 bytes. */
  pcm: Buffer;
  durationMs: number;
  cleanup(): Promise<void>;
}

export interface SpeechOptions {
  voice?: string;
  /** Words per minute (espeak-ng -s). */
  speed?: number;
  /** Silence appended after the speech, in ms, so the clip's end is not the stream's end. */
  padMs?: number;
}

export async function speechPcm(text: string, opts: SpeechOptions = {}): Promise<SpeechClip> {
  const dir = await mkdtemp(join(tmpdir(), 'va-speech-'));
  const src = join(dir, 'espeak.wav');
  const wav = join(dir, 'speech-24k.wav');
  const raw = join(dir, 'speech-24k.raw');
  const espeakArgs = ['-w', src];
  if (opts.voice) espeakArgs.push('-v', opts.voice);
  if (opts.speed) espeakArgs.push('-s', String(opts.speed));
  await run('espeak-ng', [...espeakArgs, text], { timeout: 30_000 });
  const pad = opts.padMs ? ['pad', '0', String(opts.padMs / 1000)] : [];
  await run('sox', [src, '-r', '24000', '-c', '1', '-b', '16', '-e', 'signed', wav, ...pad], { timeout: 30_000 });
  await run('sox', [wav, '-t', 'raw', '-r', '24000', '-c', '1', '-b', '16', '-e', 'signed', raw], { timeout: 30_000 });
  const pcm = await readFile(raw);
  return {
    wav,
    raw,
    pcm,
    durationMs: (pcm.length / 2 / 24000) * 1000,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
