// Draws a V8 CPU profile (`node --cpu-prof` writes one per process) as a static SVG flame graph for the docs:
//   npx tsx scripts/flamegraph.ts <in.cpuprofile> <out.svg> [--from S] [--to S] [--title T] [--root DIR]
// --from/--to keep the samples taken in that window (seconds from the profile's start, both ends included);
// --root is stripped from script paths so project frames read `src/…` (default: the current directory).
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { foldProfile, parseProfile, renderSvg } from './flamegraph/render';

const USAGE = 'usage: npx tsx scripts/flamegraph.ts <in.cpuprofile> <out.svg> [--from S] [--to S] [--title T] [--root DIR]';

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const s = Number(value);
  if (value.trim() === '' || !Number.isFinite(s) || s < 0) fail(`${flag} wants seconds (a number >= 0), got "${value}"\n${USAGE}`, 2);
  return s;
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, title: { type: 'string' }, root: { type: 'string' } },
  });
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`, 2);
}
const { values, positionals } = parsed;
const [input, output] = positionals;
if (!input || !output || positionals.length > 2) fail(USAGE, 2);
const from = seconds(values.from, '--from');
const to = seconds(values.to, '--to');
if (from !== undefined && to !== undefined && from > to) fail(`--from (${from}) is after --to (${to})`, 2);

let profile;
try {
  profile = parseProfile(JSON.parse(readFileSync(input, 'utf8')));
} catch (err) {
  fail(`${input}: ${(err as Error).message}`);
}
const folded = foldProfile(profile, {
  fromMs: from === undefined ? undefined : from * 1000,
  toMs: to === undefined ? undefined : to * 1000,
  root: resolve(values.root ?? process.cwd()),
});
const busyMs = (folded.totals.busyUs / 1000).toFixed(1);
const idleMs = (folded.totals.idleUs / 1000).toFixed(1);
const durationS = folded.durationMs / 1000;
const span = `${(from ?? 0).toFixed(2)}–${Math.min(to ?? durationS, durationS).toFixed(2)} s of ${durationS.toFixed(2)} s`;
const { svg, frames } = renderSvg(folded.stacks, {
  title: values.title ?? basename(input),
  subtitle: `${busyMs} ms busy, ${idleMs} ms idle · window ${span} · ${folded.samples} samples`,
});
writeFileSync(output, svg);
process.stdout.write(`busy ${busyMs} ms, idle ${idleMs} ms, ${frames} frames drawn → ${output}\n`);
