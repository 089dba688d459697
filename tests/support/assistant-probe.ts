// Child process for the real-audio assistant tests: the real core (simulator, session client, assistant,
// PortAudio engine) on the private PulseAudio given in its environment. It talks to the test over Node's
// IPC channel, because the native audio addon writes its own lines to stdout.
import { cliSessionSettings, sessionConfigFrom } from '../../src/main/app/session-config';
import { Assistant } from '../../src/main/assistant/assistant';
import { createAudioService } from '../../src/main/audio/engine';
import { SessionClient } from '../../src/main/realtime/session-client';
import type { TalkMode } from '../../src/shared/domain';
import { startSimulator } from '../../src/sim/index';

export interface ProbeConfig {
  mode: TalkMode;
  halfDuplex: boolean;
  /** Deltas the simulator still sends after a cancel (what a real server has in flight). */
  lateDeltasMs: number;
}

export type ProbeCommand =
  /** A typed question; the simulator answers with a continuous tone, 60 ms per character. */
  | { cmd: 'ask'; text: string }
  /** Push-to-talk press while the reply plays, once `atPlayedMs` of it has been heard. */
  | { cmd: 'press-at'; atPlayedMs: number }
  | { cmd: 'watch-played'; atPlayedMs: number }
  | { cmd: 'quit' };

export type ProbeReport =
  | { ev: 'ready' }
  | { ev: 'activity'; activity: string }
  | { ev: 'played'; itemId: string; playedMs: number }
  | { ev: 'truncated'; itemId: string; audioEndMs: number; deltasBefore: number }
  | { ev: 'response-done'; status: string; deltasAfterTruncate: number }
  /** The assistant told the user about a problem (what the app shows). */
  | { ev: 'assistant-error'; kind: string; message: string }
  /** The probe itself failed. */
  | { ev: 'error'; message: string };

const send = (report: ProbeReport): void => {
  process.send?.(report);
};

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ProbeConfig;
  const sim = await startSimulator({ port: 0, pace: 1 });
  if (config.lateDeltasMs > 0) sim.inject({ kind: 'late-deltas', ms: config.lateDeltasMs });
  const client = new SessionClient({
    endpoint: sim.url,
    apiKey: 'probe-key-123456',
    auth: 'query',
    session: sessionConfigFrom({ ...cliSessionSettings({ mode: config.mode }), inputTranscription: false }, { serverVoice: true }),
  });
  await client.connect();
  const audio = createAudioService();
  const ports = audio.ports(() => ({ inputDeviceId: null, outputDeviceId: null, outputVolume: 1 }));
  const assistant = new Assistant({ session: client, audio: ports, settings: () => ({ mode: config.mode, halfDuplex: config.halfDuplex }) });

  let replyItem: string | null = null;
  let deltas = 0;
  /** Deltas of the reply received when the user interrupted it (press, or the server's speech_started). */
  let deltasAtInterrupt: number | null = null;
  client.on('event', (event) => {
    if (event.type === 'response.audio.delta') {
      replyItem ??= event.item_id;
      if (event.item_id === replyItem) deltas++;
    }
    if (event.type === 'input_audio_buffer.speech_started' && deltasAtInterrupt === null) deltasAtInterrupt = deltas;
    if (event.type === 'response.done' && event.response.output?.some((item) => item.id === replyItem)) {
      send({ ev: 'response-done', status: event.response.status ?? 'unknown', deltasAfterTruncate: deltasAtInterrupt === null ? 0 : deltas - deltasAtInterrupt });
    }
  });
  assistant.on('activity', (activity) => send({ ev: 'activity', activity }));
  assistant.on('truncated', ({ itemId, audioEndMs }) => send({ ev: 'truncated', itemId, audioEndMs, deltasBefore: deltas }));
  assistant.on('error', (error) => send({ ev: 'assistant-error', kind: error.kind, message: error.message }));

  /** Resolves once `ms` of the reply has been heard (the speaker's own played-sample counter). */
  const whenPlayed = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setInterval(() => {
        if (replyItem && ports.speaker.playedMs(replyItem) >= ms) {
          clearInterval(timer);
          send({ ev: 'played', itemId: replyItem, playedMs: ports.speaker.playedMs(replyItem) });
          resolve();
        }
      }, 5);
    });

  process.on('message', (message: ProbeCommand) => {
    void (async () => {
      switch (message.cmd) {
        case 'ask':
          assistant.sendText(message.text);
          return;
        case 'press-at':
          await whenPlayed(message.atPlayedMs);
          deltasAtInterrupt = deltas;
          await assistant.startTalking();
          return;
        case 'watch-played':
          await whenPlayed(message.atPlayedMs);
          return;
        case 'quit':
          await assistant.close();
          await client.close();
          await audio.close();
          await sim.close();
          process.exit(0);
      }
    })().catch((error: unknown) => send({ ev: 'error', message: String(error) }));
  });
  send({ ev: 'ready' });
}

main().catch((error: unknown) => {
  send({ ev: 'error', message: String(error) });
  process.exit(1);
});
