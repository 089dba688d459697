// The command-line front end to the same core the app uses: `ask`, plus audio commands.
import { parseArgs } from 'node:util';
import { runAsk } from './ask';
import { connectionOptionSpec, readConnectionOptions } from './connection-options';
import { CliFailure, EXIT } from './exit-codes';

const USAGE = `usage:
  cli ask "<text>" [--endpoint URL] [--key K] [--auth query|bearer|subprotocol] [--model ID]
                   [--voice NAME] [--dialect auto|beta|ga] [--json] [--sim]

The key may also come from REALTIME_API_KEY. --sim answers from the built-in offline simulator.
Exit codes: 0 done, 2 key rejected, 3 cannot connect, 4 fatal server error, 1 anything else.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? EXIT.ok : EXIT.other;
  }
  if (command === 'ask') {
    const { values, positionals } = parseArgs({ args: rest, options: connectionOptionSpec, allowPositionals: true, strict: true });
    return runAsk(positionals.join(' '), readConnectionOptions(values, process.env), { stdout: process.stdout, stderr: process.stderr });
  }
  throw new CliFailure(`Unknown command "${command}".\n${USAGE}`, EXIT.other);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(error instanceof CliFailure ? error.exitCode : EXIT.other);
  },
);
