// `talk`: a spoken turn from the terminal, through the same assistant the app uses.
// With --record-seconds N: capture N seconds, send, play the reply and exit when it has been heard.
// Without it: Enter starts and stops a turn (push-to-talk) or hands-free listening runs; Ctrl-C quits.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { cliSessionSettings, sessionConfigFrom } from '../main/app/session-config';
import { Assistant } from '../main/assistant/assistant';
import type { AudioServicePort } from '../main/audio/ports';
import { SessionClient } from '../main/realtime/session-client';
import type { TalkMode } from '../shared/domain';
import { startSimulator } from '../sim/index';
import { connectionOf, type ConnectionOptions } from './connection-options';
import { findDevice } from './devices';
import { CliFailure, EXIT, exitCodeFor } from './exit-codes';

export interface TalkOptions extends ConnectionOptions {
  recordSeconds?: number;
  mode: TalkMode;
  inputDevice?: string;
  outputDevice?: string;
}

export interface TalkIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

export async function runTalk(opts: TalkOptions, audio: AudioServicePort, io: TalkIo): Promise<number> {
  const devices = await audio.listDevices();
  if (devices.inputs.length === 0) throw new CliFailure('No microphone found. Connect one, or check the sound server (run "npm run cli -- devices").', EXIT.other);
  if (devices.outputs.length === 0) throw new CliFailure('No speaker found. Connect one, or check the sound server (run "npm run cli -- devices").', EXIT.other);
  const inputDeviceId = opts.inputDevice ? findDevice(devices.inputs, opts.inputDevice, 'input').id : null;
  const outputDeviceId = opts.outputDevice ? findDevice(devices.outputs, opts.outputDevice, 'output').id : null;

  const sim = opts.sim ? await startSimulator({ port: 0, recordReceived: false }) : null;
  const client = new SessionClient({
    ...connectionOf(opts, sim),
    session: sessionConfigFrom(cliSessionSettings({ mode: opts.mode, voice: opts.voice }), { serverVoice: !opts.voice }),
  });
  let assistant: Assistant | null = null;
  try {
    try {
      await client.connect();
    } catch (error) {
      const e = error as { kind?: Parameters<typeof exitCodeFor>[0]; message?: string };
      throw new CliFailure(e.message ?? String(error), e.kind ? exitCodeFor(e.kind) : EXIT.other);
    }
    const ports = audio.ports(() => ({ inputDeviceId, outputDeviceId, outputVolume: 1 }));
    const a = new Assistant({ session: client, audio: ports, settings: () => ({ mode: opts.mode, halfDuplex: 'auto' }) });
    assistant = a;
    return await new Promise<number>((resolve) => {
      let settled = false;
      const finish = (code: number, message?: string): void => {
        if (settled) return;
        settled = true;
        if (message) io.stderr.write(`${message}\n`);
        resolve(code);
      };
      client.on('event', (event) => {
        if (event.type === 'response.audio_transcript.delta' || event.type === 'response.text.delta') io.stdout.write(event.delta);
        if (event.type === 'response.done') io.stdout.write('\n');
      });
      client.on('error', (error) => finish(exitCodeFor(error.kind), error.message));
      client.on('server-error', (error) => {
        io.stderr.write(`Server: ${error.message}\n`);
      });
      a.on('error', (error) => finish(EXIT.other, `${error.message} ${error.action ?? ''}`.trim()));
      a.on('notice', (message) => io.stderr.write(`${message}\n`));
      if (opts.recordSeconds !== undefined) void recordedTurn(a, opts.recordSeconds, io).then((code) => finish(code));
      else interactive(a, opts.mode, io, () => finish(EXIT.ok));
    });
  } finally {
    await assistant?.close();
    await client.close().catch(() => undefined);
    await sim?.close();
    await audio.close();
  }
}

/** Resolves when a reply has finished and been heard (the assistant is idle again after a response). */
function replyHeard(a: Assistant): Promise<void> {
  return new Promise((resolve) => {
    let replied = false;
    const onActivity = (activity: string): void => {
      if (activity === 'thinking' || activity === 'speaking') replied = true;
      if (replied && activity === 'idle') {
        a.off('activity', onActivity);
        resolve();
      }
    };
    a.on('activity', onActivity);
  });
}

async function recordedTurn(a: Assistant, seconds: number, io: TalkIo): Promise<number> {
  const heard = replyHeard(a);
  if (a.talkMode === 'ptt') {
    // Say "Listening" only once sound is flowing from the microphone (its first level reading), so no
    // word spoken after the prompt is lost.
    const live = once(a, 'level');
    await a.startTalking();
    await live;
    io.stderr.write(`Listening for ${seconds} s…\n`);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const before = a.conversation.snapshot().length;
    await a.stopTalking();
    const last = a.conversation.snapshot().at(-1);
    if (a.conversation.snapshot().length > before && last?.status === 'failed') return EXIT.other;
  } else {
    io.stderr.write(`Listening for ${seconds} s…\n`);
    await new Promise((r) => setTimeout(r, seconds * 1000));
  }
  await heard;
  return EXIT.ok;
}

function interactive(a: Assistant, mode: TalkMode, io: TalkIo, done: () => void): void {
  const rl = createInterface({ input: io.stdin });
  let talking = false;
  io.stderr.write(mode === 'ptt' ? 'Press Enter to start talking, Enter again to send. Ctrl-C quits.\n' : 'Listening hands-free. Ctrl-C quits.\n');
  rl.on('line', () => {
    if (mode !== 'ptt') return;
    talking = !talking;
    if (talking) {
      io.stderr.write('Listening… (Enter to send)\n');
      void a.startTalking();
    } else void a.stopTalking();
  });
  rl.on('close', done);
  rl.on('SIGINT', () => rl.close());
}
