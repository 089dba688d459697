// `ask "<text>"`: one text turn. Streams the reply (text, or the audio transcript) to stdout and exits
// after response.done; with --json prints every normalised event as a JSON line instead.
import type { Writable } from 'node:stream';
import type { SpeakerPort } from '../main/audio/ports';
import { cliSessionSettings, sessionConfigFrom } from '../main/app/session-config';
import { SessionClient } from '../main/realtime/session-client';
import type { ServerEvent } from '../shared/protocol/events';
import { startSimulator } from '../sim/index';
import { connectionOf, type ConnectionOptions } from './connection-options';
import { CliFailure, EXIT, exitCodeFor } from './exit-codes';

export interface AskIo {
  stdout: Writable;
  stderr: Writable;
}

/** Silence from the server this long ends the command, however much time is left. */
export const ASK_IDLE_LIMIT_MS = 60_000;
/** The whole command, from connecting to the last word heard: a server that trickles must not keep a script waiting forever. */
export const DEFAULT_ASK_TIMEOUT_S = 120;

export interface AskOptions extends ConnectionOptions {
  /** Overall deadline (--timeout). */
  timeoutMs: number;
}

/** With a speaker the reply is also played, and the command ends once it has been heard. */
export async function runAsk(text: string, opts: AskOptions, io: AskIo, speaker: SpeakerPort | null = null): Promise<number> {
  if (!text.trim()) throw new CliFailure('Nothing to ask: give the question as an argument, e.g. ask "What time is it in Tokyo?"', EXIT.other);
  const sim = opts.sim ? await startSimulator({ port: 0 }) : null;
  const client = new SessionClient({
    ...connectionOf(opts, sim),
    session: sessionConfigFrom(cliSessionSettings({ voice: opts.voice }), { audioOut: speaker !== null, serverVoice: !opts.voice }),
    reconnect: { retries: 0 },
  });
  try {
    return await new Promise<number>((resolve) => {
      let idle: NodeJS.Timeout | undefined;
      let settled = false;
      let wroteText = false;
      // A failure can arrive twice (the 'error' event and the rejected connect()): report it once.
      const finish = (code: number, message?: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(idle);
        clearTimeout(deadline);
        if (message) io.stderr.write(`${message}\n`);
        resolve(code);
      };
      // Every event re-arms the same timer (refresh() allocates nothing; a reply brings ~20 events a second).
      const touch = (): void => {
        if (idle) idle.refresh();
        else idle = setTimeout(() => finish(EXIT.other, `No reply from the server for ${ASK_IDLE_LIMIT_MS / 1000} s; giving up.`), ASK_IDLE_LIMIT_MS);
      };
      const deadline = setTimeout(() => {
        if (wroteText && !opts.json) io.stdout.write('\n'); // end the partial reply's line
        finish(EXIT.other, `No complete reply within ${opts.timeoutMs / 1000} s; giving up. Try again, or allow more time with --timeout SECONDS.`);
      }, opts.timeoutMs);
      let speakerFailed = false;
      speaker?.on('error', (error) => {
        speakerFailed = true;
        io.stderr.write(`Cannot play the reply (${error.message}); showing it as text.\n`);
      });
      const heard = (code: number): void => {
        if (!speaker?.playing || speakerFailed) return finish(code);
        speaker.on('idle', () => finish(code));
        speaker.on('error', () => finish(code));
      };
      client.on('event', (event: ServerEvent) => {
        if (settled) return; // the command has ended (e.g. on a server error): print nothing more
        touch();
        if (speaker && event.type === 'response.audio.delta') speaker.play(event.item_id, Buffer.from(event.delta, 'base64'));
        if (speaker && event.type === 'response.audio.done') speaker.endItem(event.item_id);
        if (opts.json) io.stdout.write(`${JSON.stringify(event)}\n`);
        else if (event.type === 'response.text.delta' || event.type === 'response.audio_transcript.delta') {
          io.stdout.write(event.delta);
          wroteText = true;
        }
        if (event.type === 'response.done') {
          if (!opts.json && wroteText) io.stdout.write('\n');
          const status = event.response.status;
          if (status === 'completed') heard(EXIT.ok);
          else if (status === 'failed') finish(EXIT.serverFatal, `The server could not answer (response ${status}).`);
          else finish(EXIT.other, `The response ended early (status ${status ?? 'unknown'}).`);
        }
      });
      client.on('server-error', (error) => finish(EXIT.serverFatal, `Server error: ${error.message}`));
      client.on('error', (error) => finish(exitCodeFor(error.kind), error.message));
      touch();
      client.connect().then(
        () => {
          client.sendText(text);
          client.createResponse();
        },
        (error: { kind?: Parameters<typeof exitCodeFor>[0]; message?: string }) =>
          finish(error.kind ? exitCodeFor(error.kind) : EXIT.other, error.message ?? String(error)),
      );
    });
  } finally {
    await client.close().catch(() => undefined);
    await sim?.close();
  }
}
