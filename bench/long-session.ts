// A long hands-free session, time-accelerated: the real core (settings, session, assistant, history in a real
// file) with the fake audio engine, against the simulator in a process of its own (its memory is not the
// client's). Each turn is 4 s of speech and 2 s of silence fed to the microphone as fast as the core takes
// them, with the microphone open the whole time (duplex); the simulator's VAD ends the turn and it replies
// with the same length of audio. 600 turns are an hour of conversation.
// Figures: the client's memory after turn 50 (warm) and after the last (after a full GC; RSS and V8 heap),
// and the time from the end of a turn's audio to its reply's first audio at the speaker, for the first and
// the last 20 turns. Device time is not in it (the fake plays at once): this is the core's own cost.
//   npx tsx --expose-gc bench/long-session.ts [--turns 600]
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppCore } from '../src/main/app/core';
import { HistoryStore } from '../src/main/history/history-store';
import { MemorySecretStore } from '../src/main/settings/secret-store';
import { SettingsService } from '../src/main/settings/settings-service';
import { BYTES_PER_MS } from '../src/shared/audio-format';
import { FakeAudio } from '../tests/support/fake-audio';
import { waitUntil } from '../tests/support/wait';
import { median } from './stats';

const FRAME_MS = 20;
const SPEECH_MS = 4000;
const SILENCE_MS = 2000;
const WARM_TURNS = 50;
const EDGE = 20;

/** The child: the simulator alone, its URL sent to the parent. */
async function serveSimulator(): Promise<void> {
  const { startSimulator } = await import('../src/sim/index');
  const sim = await startSimulator({ port: 0, pace: 0, recordReceived: false });
  process.send!({ url: sim.url });
  process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
}

function frames(): { speech: Buffer[]; silence: Buffer[] } {
  const frame = FRAME_MS * BYTES_PER_MS;
  const tone = Buffer.alloc(frame);
  // A 220 Hz tone at about -12 dBFS: well over the simulator's VAD threshold.
  for (let i = 0; i < frame / 2; i++) tone.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 220 * i) / 24_000)), i * 2);
  return { speech: Array.from({ length: SPEECH_MS / FRAME_MS }, () => tone), silence: Array.from({ length: SILENCE_MS / FRAME_MS }, () => Buffer.alloc(frame)) };
}

const mib = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
const round = (x: number): number => Math.round(x * 100) / 100;

function memory(): { rssMiB: number; heapMiB: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rssMiB: mib(m.rss), heapMiB: mib(m.heapUsed) };
}

export async function runLongSession(turns = 600): Promise<Record<string, unknown>> {
  if (!(globalThis as { gc?: unknown }).gc) throw new Error('run with --expose-gc, so memory is read after a full collection');
  const child = fork(fileURLToPath(import.meta.url), ['--serve-sim'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m.url));
    child.once('exit', () => reject(new Error('the simulator process ended')));
  });
  const dir = mkdtempSync(join(tmpdir(), 'long-session-'));
  const history = HistoryStore.open(join(dir, 'history.db'));
  const settings = new SettingsService({ store: {} });
  settings.update({ mode: 'vad', halfDuplex: 'off' });
  const audio = new FakeAudio();
  const firstAudioAt = new Map<string, number>();
  const play = audio.speaker.play.bind(audio.speaker);
  audio.speaker.play = (itemId, pcm16) => {
    if (!firstAudioAt.has(itemId)) firstAudioAt.set(itemId, performance.now());
    return play(itemId, pcm16);
  };
  const core = await createAppCore({
    settings,
    secrets: new MemorySecretStore(null),
    audio,
    history,
    startLocalServer: async () => ({ url, close: async () => {} }),
  });
  let done = 0;
  core.onEvent((name, payload) => {
    if (name === 'turn' && (payload as { role: string; status: string }).role === 'assistant' && (payload as { status: string }).status === 'done') done++;
  });
  const client = core.connect('bench');
  const status = (): { connection: string } => core.handlers.getStatus(undefined, client) as { connection: string };
  try {
    settings.update({ offlineDemo: true });
    await waitUntil(() => status().connection === 'open' && audio.openMicrophones.length === 1, 20_000, 'the demo session and the microphone');
    const mic = audio.openMicrophones[0]!;
    const { speech, silence } = frames();
    const latencies: number[] = [];
    let warm = memory();
    const started = performance.now();
    for (let turn = 1; turn <= turns; turn++) {
      const before = firstAudioAt.size;
      for (const frame of speech) mic.feed(frame);
      for (const frame of silence) mic.feed(frame);
      const fedAt = performance.now();
      await waitUntil(() => done >= turn && firstAudioAt.size > before, 20_000, `the reply to turn ${turn}`);
      latencies.push([...firstAudioAt.values()].at(-1)! - fedAt);
      if (turn === WARM_TURNS) warm = memory();
    }
    const wallS = (performance.now() - started) / 1000;
    const end = memory();
    const first = median(latencies.slice(0, EDGE));
    const last = median(latencies.slice(-EDGE));
    return {
      turns,
      /** Microphone time: the replies play over it (duplex). */
      simulatedMinutes: round((turns * (SPEECH_MS + SILENCE_MS)) / 60_000),
      wallSeconds: round(wallS),
      memoryAfterWarmup: warm,
      memoryAtEnd: end,
      rssGrowthMiB: round(end.rssMiB - warm.rssMiB),
      heapGrowthMiB: round(end.heapMiB - warm.heapMiB),
      endOfSpeechToReplyAudioMs: { firstTurnsMedian: round(first), lastTurnsMedian: round(last), lastOverFirst: round(last / first) },
      storedTurns: history.listConversations({ limit: 1, offset: 0 })[0]?.turnCount ?? 0,
    };
  } finally {
    await core.close();
    child.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--serve-sim')) await serveSimulator();
else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = process.argv.indexOf('--turns');
  console.log(JSON.stringify(await runLongSession(arg >= 0 ? Number(process.argv[arg + 1]) : 600), null, 2));
}
