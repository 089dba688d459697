// `npm run sim -- --port 8765 [--dialect beta|ga] [--require-key K] [--pace F] [--session-cap S]
// [--tls-key key.pem --tls-cert cert.pem] [--verbose]`
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DIALECTS, dialectSchema } from '../shared/domain';
import { errorText } from '../shared/error-text';
import { startSimulator } from './server';
import type { SimulatorOptions } from './types';

function fail(message: string): never {
  process.stderr.write(`sim: ${message}\n`);
  process.exit(2);
}

function numberOption(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) fail(`--${name} must be a number >= ${min}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      dialect: { type: 'string' },
      'require-key': { type: 'string' },
      pace: { type: 'string' },
      'session-cap': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-cert': { type: 'string' },
      verbose: { type: 'boolean' },
    },
    strict: true,
  });
  const dialect = dialectSchema.safeParse(values.dialect ?? 'beta');
  if (!dialect.success) fail(`--dialect must be one of ${DIALECTS.join(', ')}`);
  if (Boolean(values['tls-key']) !== Boolean(values['tls-cert'])) fail('--tls-key and --tls-cert go together');
  const opts: SimulatorOptions = {
    port: numberOption('port', values.port, 0) ?? 0,
    dialect: dialect.data,
    pace: numberOption('pace', values.pace, 0) ?? 1,
    verbose: values.verbose ?? false,
  };
  if (values['require-key'] !== undefined) opts.requireKey = values['require-key'];
  if (values['tls-key'] && values['tls-cert']) {
    opts.tls = { key: readFileSync(values['tls-key'], 'utf8'), cert: readFileSync(values['tls-cert'], 'utf8') };
  }
  const sim = await startSimulator(opts);
  const cap = numberOption('session-cap', values['session-cap'], 0);
  if (cap !== undefined) sim.inject({ kind: 'session-cap', seconds: cap });
  process.stdout.write(`sim: listening on ${sim.url}\n`);

  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => fail(errorText(err)));
