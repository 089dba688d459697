// Child process for the real-audio assistant tests: the real core (simulator, session client, assistant,
// PortAudio engine) on the private PulseAudio given in its environment. It talks to the test over Node's
// IPC channel, because the native audio addon writes its own lines to stdout.
import { readFileSync } from 'node:fs';
import { cliSessionSettings, sessionConfigFrom } from '../../src/main/app/session-config';
import { Assistant } from '../../src/main/assistant/assistant';
import { createAudioService } from '../../src/main/audio/engine';
import { SessionClient } from '../../src/main/realtime/session-client';
import type { TalkMode } from '../../src/shared/domain';
import type { HalfDuplexMode } from '../../src/shared/settings';
import { startSimulator } from '../../src/sim/index';

export interface ProbeConfig {
  mode: TalkMode;
  halfDuplex: HalfDuplexMode;
  /** Deltas the simulator still sends after a cancel (what a real server has in flight). */
  lateDeltasMs: number;
  /** Run the engine's echo canceller on the microphone (default: the engine's default, on). */
  echoCancellation?: boolean;
  /** A raw 24 kHz pcm16 file: typed questions are answered in this voice instead of a tone. */
  replyVoice?: string;
}

export type ProbeCommand =
  /** A typed question; the simulator answers with a continuous tone, 60 ms per character. */
  | { cmd: 'ask'; text: string }
  /** Push-to-talk press while the reply plays, once `atPlayedMs` of it has been heard. */
  | { cmd: 'press-at'; atPlayedMs: number }
  | { cmd: 'watch-played'; atPlayedMs: number }
  /** Everything the server received from the microphone so far, as one recording. */
  | { cmd: 'sent-audio' }
  /** Report `idle` once the assistant is idle (a reply has finished playing). */
  | { cmd: 'wait-idle' }
  /** Report whether no response started and no speech was heard for the next `ms`. */
  | { cmd: 'watch-quiet'; ms: number }
  | { cmd: 'quit' };

export type ProbeReport =
  | { ev: 'ready' }
  | { ev: 'activity'; activity: string }
  | { ev: 'played'; itemId: string; playedMs: number }
  | { ev: 'truncated'; itemId: string; audioEndMs: number; deltasBefore: number }
  /** `asked`: the reply to the last typed question (not one to something the server heard). */
  | { ev: 'response-done'; status: string; deltasAfterTruncate: number; asked: boolean }
  /** The server heard the user start speaking, `sentMs` into what the microphone had sent. */
  | { ev: 'speech-started'; sentMs: number }
  | { ev: 'sent-audio'; base64: string }
  | { ev: 'idle' }
  | { ev: 'quiet'; quiet: boolean }
  | { ev: 'notice'; message: string }
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
  if (config.replyVoice) sim.inject({ kind: 'reply-voice', pcm: readFileSync(config.replyVoice) });
  /** The microphone's audio as the server received it. */
  const sentAudio = (): Buffer =>
    Buffer.concat(
      sim
        .connections()
        .flatMap((c) => c.received)
        .filter((e) => e.type === 'input_audio_buffer.append')
        .map((e) => Buffer.from(String(e.audio), 'base64')),
    );
  const client = new SessionClient({
    endpoint: sim.url,
    apiKey: 'probe-key-123456',
    auth: 'query',
    session: sessionConfigFrom({ ...cliSessionSettings({ mode: config.mode }), inputTranscription: false }, { serverVoice: true }),
  });
  await client.connect();
  const audio = createAudioService({ echoCancellation: config.echoCancellation });
  const ports = audio.ports(() => ({ inputDeviceId: null, outputDeviceId: null, outputVolume: 1 }));
  const assistant = new Assistant({ session: client, audio: ports, settings: () => ({ mode: config.mode, halfDuplex: config.halfDuplex }) });

  /** The latest reply's audio item, its deltas, and how many it had when the user interrupted it. */
  let replyItem: string | null = null;
  let deltas = 0;
  let deltasAtInterrupt: number | null = null;
  /** A question was typed and its reply not yet created; then the id of that reply. */
  let askPending = false;
  let askedResponse: string | null = null;
  /** Responses created and speech heard by the server so far. */
  let serverNews = 0;
  client.on('event', (event) => {
    if (event.type === 'response.created' || event.type === 'input_audio_buffer.speech_started') serverNews++;
    if (event.type === 'response.created') {
      if (askPending) askedResponse = event.response.id;
      askPending = false;
      replyItem = null;
      deltas = 0;
      deltasAtInterrupt = null;
    }
    if (event.type === 'response.audio.delta') {
      replyItem ??= event.item_id;
      if (event.item_id === replyItem) deltas++;
    }
    if (event.type === 'input_audio_buffer.speech_started') {
      if (deltasAtInterrupt === null && replyItem) deltasAtInterrupt = deltas;
      send({ ev: 'speech-started', sentMs: sentAudio().length / 48 });
    }
    if (event.type === 'response.done' && replyItem && event.response.output?.some((item) => item.id === replyItem)) {
      send({ ev: 'response-done', status: event.response.status ?? 'unknown', deltasAfterTruncate: deltasAtInterrupt === null ? 0 : deltas - deltasAtInterrupt, asked: event.response.id === askedResponse });
    }
  });
  assistant.on('activity', (activity) => send({ ev: 'activity', activity }));
  assistant.on('truncated', ({ itemId, audioEndMs }) => send({ ev: 'truncated', itemId, audioEndMs, deltasBefore: deltas }));
  assistant.on('error', (error) => send({ ev: 'assistant-error', kind: error.kind, message: error.message }));
  assistant.on('notice', (message) => send({ ev: 'notice', message }));

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
          askPending = true;
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
        case 'watch-quiet': {
          const before = serverNews;
          await new Promise((r) => setTimeout(r, message.ms));
          send({ ev: 'quiet', quiet: serverNews === before && assistant.activity === 'idle' });
          return;
        }
        case 'wait-idle':
          while (assistant.activity !== 'idle') await new Promise((r) => assistant.once('activity', r));
          send({ ev: 'idle' });
          return;
        case 'sent-audio':
          send({ ev: 'sent-audio', base64: sentAudio().toString('base64') });
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
