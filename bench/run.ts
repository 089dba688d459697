// `npm run bench`: every benchmark, printed and written to bench-results/bench.json. Figures, not tests.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { aims, formatAims, type BenchResults } from './aims';
import { runCliCpuBenchmarks } from './cli-cpu';
import { runEchoBenchmarks } from './echo/echo';
import { runHistoryBenchmarks } from './history';
import { runTurnBenchmarks } from './turns';

await mkdir('bench-results', { recursive: true });
const results: Record<string, unknown> = { machine: { cores: (await import('node:os')).cpus().length, node: process.version }, at: new Date().toISOString() };

// The audio engine's own latency figures (output start, stop, capture) from its benchmark script.
if (existsSync('bench/audio/latency.ts')) {
  const before = new Set(await readdir('bench-results'));
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/audio/latency.ts'], { stdio: 'inherit' });
  const written = (await readdir('bench-results')).filter((f) => f.startsWith('audio-latency-') && !before.has(f)).sort();
  const newest = written.at(-1);
  results.audioLatency = newest ? JSON.parse(await readFile(`bench-results/${newest}`, 'utf8')) : { error: `latency benchmark exited with ${run.status}` };
}
results.turns = await runTurnBenchmarks();
results.cli = await runCliCpuBenchmarks();
results.echo = await runEchoBenchmarks();
// In a process of its own, with a full GC before each memory reading.
const long = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/long-session.ts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
results.longSession = long.status === 0 ? JSON.parse(long.stdout) : { error: `long-session benchmark exited with ${long.status}` };
results.history = await runHistoryBenchmarks();
const aimRows = aims(results as BenchResults);
results.aims = aimRows;
await writeFile('bench-results/bench.json', `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify({ turns: results.turns, cli: results.cli, echo: results.echo, longSession: results.longSession, history: results.history }, null, 2));
console.log(`\nThe performance aims (docs/benchmarks.md):\n${formatAims(aimRows)}\n`);
console.log('bench: wrote bench-results/bench.json');
