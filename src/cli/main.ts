// The command-line front end to the same core the app uses.
import { parseArgs } from 'node:util';
import { createAudioService } from '../main/audio/engine';
import type { AudioServicePort } from '../main/audio/ports';
import { TALK_MODES } from '../shared/domain';
import { errorText } from '../shared/error-text';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { runAsk } from './ask';
import { CONNECTION_FLAGS_USAGE, oneOf, readConnectionOptions, sessionFlagSpec } from './connection-options';
import { runDevices } from './devices';
import { CliFailure, EXIT } from './exit-codes';
import { runTalk } from './talk';

const USAGE = `usage:
  cli ask "<text>" [connection options] [--no-audio]
  cli talk [--record-seconds N] [--mode ${TALK_MODES.join('|')}] [--input-device NAME] [--output-device NAME] [connection options]
  cli devices [--json]

connection options: ${CONNECTION_FLAGS_USAGE}
                    [--voice NAME] [--json]

The key may also come from REALTIME_API_KEY. --sim answers from the built-in offline simulator.
talk without --record-seconds: Enter starts and stops a turn, Ctrl-C quits.
Exit codes: 0 done, 2 key rejected, 3 cannot connect, 4 fatal server error, 1 anything else.`;

const audioOptionSpec = { 'input-device': { type: 'string' }, 'output-device': { type: 'string' } } as const;

function positiveSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > 600) throw new CliFailure('--record-seconds must be a number of seconds between 0 and 600.', EXIT.other);
  return n;
}

/** Audio is optional for `ask`: without a usable speaker the reply is shown as text only. */
async function speakerOrNull(audio: AudioServicePort, stderr: NodeJS.WritableStream): Promise<ReturnType<AudioServicePort['ports']>['speaker'] | null> {
  try {
    const { outputs } = await audio.listDevices();
    if (outputs.length > 0) return audio.ports(() => ({ inputDeviceId: null, outputDeviceId: null, outputVolume: 1 })).speaker;
    stderr.write('No speaker found: showing the reply as text only.\n');
  } catch (error) {
    stderr.write(`Audio is unavailable (${errorText(error)}): showing the reply as text only.\n`);
  }
  return null;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? EXIT.ok : EXIT.other;
  }
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  if (command === 'ask') {
    const { values, positionals } = parseArgs({ args: rest, options: { ...sessionFlagSpec, 'no-audio': { type: 'boolean' } }, allowPositionals: true });
    const opts = readConnectionOptions(values, process.env);
    if (values['no-audio']) return runAsk(positionals.join(' '), opts, io);
    const audio = createAudioService();
    try {
      return await runAsk(positionals.join(' '), opts, io, await speakerOrNull(audio, process.stderr));
    } finally {
      await audio.close();
    }
  }
  if (command === 'talk') {
    const { values } = parseArgs({ args: rest, options: { ...sessionFlagSpec, ...audioOptionSpec, 'record-seconds': { type: 'string' }, mode: { type: 'string' } } });
    const mode = oneOf('mode', values.mode, TALK_MODES) ?? DEFAULT_SETTINGS.mode;
    return runTalk(
      { ...readConnectionOptions(values, process.env), mode, recordSeconds: positiveSeconds(values['record-seconds']), inputDevice: values['input-device'], outputDevice: values['output-device'] },
      createAudioService(),
      io,
    );
  }
  if (command === 'devices') {
    const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
    const audio = createAudioService();
    try {
      return await runDevices(audio, values.json === true, process.stdout);
    } finally {
      await audio.close();
    }
  }
  throw new CliFailure(`Unknown command "${command}".\n${USAGE}`, EXIT.other);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${errorText(error)}\n`);
    process.exit(error instanceof CliFailure ? error.exitCode : EXIT.other);
  },
);
