// Child process for turns.ts: the real assistant (session client, audio engine) against the simulator
// the parent runs, on the parent's private PulseAudio. Reports epoch-ms timestamps over IPC.
import type { PlaybackOptions } from '../src/main/audio/playback/speaker';
import { cliSessionSettings, sessionConfigFrom } from '../src/main/app/session-config';
import { Assistant } from '../src/main/assistant/assistant';
import { attachResponseFigures } from '../src/main/assistant/response-figures';
import type { ResponseFigures } from '../src/main/assistant/turn-metrics';
import { createAudioService } from '../src/main/audio/engine';
import { SessionClient } from '../src/main/realtime/session-client';

const task = process.argv[2] as 'release-commit' | 'barge-in' | 'duplex-cpu';
const arg = JSON.parse(process.argv[3] ?? '{}') as { simUrl: string; playback: Partial<PlaybackOptions>; text?: string; runs?: number };
const epoch = (): number => performance.timeOrigin + performance.now();
const report = (m: object): void => void process.send?.(m);

async function main(): Promise<void> {
  const mode = task === 'release-commit' ? 'ptt' : 'vad';
  const client = new SessionClient({
    endpoint: arg.simUrl,
    apiKey: 'bench-key-123456',
    auth: 'query',
    session: sessionConfigFrom({ ...cliSessionSettings({ mode }), inputTranscription: false }, { serverVoice: true }),
  });
  // Registered before the assistant's own listener, so timestamps mark when an event arrived.
  const early: ((event: Parameters<Parameters<typeof client.on<'event'>>[1]>[0]) => void)[] = [];
  client.on('event', (event) => early.forEach((listener) => listener(event)));
  await client.connect();
  const audio = createAudioService({ playback: arg.playback });
  const ports = audio.ports(() => ({ inputDeviceId: null, outputDeviceId: null, outputVolume: 1 }));
  const assistant = new Assistant({ session: client, audio: ports, settings: () => ({ mode, halfDuplex: 'off' }) });

  if (task === 'release-commit') {
    // Time from the key's release to the commit leaving for the socket.
    const samples: number[] = [];
    // Every stage of each turn, measured by the code that gives the app its figures (turn-metrics.ts).
    const figures: ResponseFigures[] = [];
    let figuresCame: () => void = () => undefined;
    attachResponseFigures({ assistant, session: client, speaker: ports.speaker, onFigures: (f) => (figures.push(f), figuresCame()) });
    const figuresOf = (n: number): Promise<void> =>
      new Promise<void>((resolve) => {
        figuresCame = () => {
          if (figures.length >= n) resolve();
        };
        figuresCame();
      });
    const commit = client.commitAudio.bind(client);
    let released = 0;
    client.commitAudio = () => {
      samples.push(epoch() - released);
      return commit();
    };
    for (let i = 0; i < (arg.runs ?? 10); i++) {
      await assistant.startTalking();
      await new Promise((r) => setTimeout(r, 300));
      // Listening before the release: the reply can be done before stopTalking() returns.
      const done = new Promise<void>((resolve) => client.once('event', function wait(e) {
        if (e.type === 'response.done') resolve();
        else client.once('event', wait);
      }));
      released = epoch();
      const counted = figuresOf(i + 1);
      await assistant.stopTalking();
      await done;
      await counted; // the reply was heard (or will not be) before it is stopped
      assistant.stopReply();
    }
    report({ result: { releaseToCommitMs: samples, stages: figures.map((f) => f.latency) } });
  } else {
    let speechStartedAt: number | null = null;
    let cpuStart: NodeJS.CpuUsage | null = null;
    let wallStart = 0;
    early.push((event) => {
      if (event.type === 'input_audio_buffer.speech_started' && speechStartedAt === null) {
        speechStartedAt = epoch();
        report({ speechStartedAt });
      }
      if (event.type === 'response.audio.delta' && cpuStart === null) {
        cpuStart = process.cpuUsage();
        wallStart = performance.now();
        report({ playing: epoch() });
      }
      if (event.type === 'response.done') {
        if (task === 'duplex-cpu' && cpuStart) {
          const used = process.cpuUsage(cpuStart);
          const wallMs = performance.now() - wallStart;
          report({ result: { cpuPercentOfOneCore: ((used.user + used.system) / 1000 / wallMs) * 100, wallMs } });
        } else report({ result: { speechStartedAt } });
      }
    });
    assistant.sendText(arg.text ?? 'Tell me a long story.');
  }
  process.on('message', (m: { cmd?: string }) => {
    if (m.cmd === 'quit') void assistant.close().then(() => client.close()).then(() => audio.close()).then(() => process.exit(0));
  });
  report({ ready: true });
}

main().catch((error: unknown) => {
  report({ error: String(error) });
  process.exit(1);
});
