// The file, network and process side of pack:check: the stand-in Electron, readelf, the headers probe,
// the addons' builds around a rebuild, loading an addon in plain Node.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { ELECTRON_DEFAULT_FUSES, fuseWire } from './native';

/**
 * A directory shaped like Electron's Linux zip, for electron-builder's `electronDist`: the real binary is
 * never downloaded on the build machines. The `electron` stub carries a fuse wire so that packaging has to
 * flip the fuses the config asks for, as it does on the real binary.
 */
export function writeStandInElectron(dir: string, version: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const script = Buffer.concat([
    Buffer.from('#!/bin/sh\n# stand-in for the Electron binary; fuse wire follows\n# '),
    fuseWire(ELECTRON_DEFAULT_FUSES),
    Buffer.from('\necho "stand-in Electron: the real binary is not part of pack:check" >&2\nexit 1\n'),
  ]);
  writeFileSync(join(dir, 'electron'), script);
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'Stand-in for the Electron license file.\n');
  writeFileSync(join(dir, 'version'), `${version}\n`);
}

export interface FileInfo {
  /** Relative to the walked directory, with forward slashes. */
  path: string;
  size: number;
}

export function walk(root: string): FileInfo[] {
  const files: FileInfo[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) files.push({ path: relative(root, full).split(sep).join('/'), size: statSync(full).size });
    }
  };
  visit(root);
  return files;
}

export function readHead(file: string, bytes = 64): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

export function readelfDynamic(file: string): string {
  const run = spawnSync('readelf', ['-d', '-W', file], { encoding: 'utf8' });
  if (run.error) throw new Error(`readelf could not run (${run.error.message}); install binutils`);
  if (run.status !== 0) throw new Error(`readelf -d ${file} failed: ${run.stderr.trim()}`);
  return run.stdout;
}

/** `readelf --dyn-syms`: where an addon's registration symbol, and so its ABI, shows. */
export function readelfSymbols(file: string): string {
  const run = spawnSync('readelf', ['--dyn-syms', '-W', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw new Error(`readelf could not run (${run.error.message}); install binutils`);
  if (run.status !== 0) throw new Error(`readelf --dyn-syms ${file} failed: ${run.stderr.trim()}`);
  return run.stdout;
}

/** Why `url` cannot be fetched, or undefined when it answers. A HEAD is enough: only reachability matters. */
export async function unreachable(url: string, timeoutMs = 5000): Promise<string | undefined> {
  try {
    const response = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    return response.ok ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
    const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
    return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
}

/**
 * The files directly in every `node_modules/<package>/build/Release`, for putting back after electron-builder
 * rebuilt them in place for Electron: tests in plain Node load the same addons, and a failed rebuild starts
 * by deleting the build. Returns the function that restores them and removes what the rebuild added.
 */
export function keepAddonBuilds(nodeModules = 'node_modules'): () => void {
  const dirs: string[] = [];
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    if (entry.name.startsWith('@')) dirs.push(...readdirSync(join(nodeModules, entry.name)).map((name) => join(nodeModules, entry.name, name)));
    else dirs.push(join(nodeModules, entry.name));
  }
  const kept = new Map<string, Map<string, { bytes: Buffer; mode: number }>>();
  for (const release of dirs.map((dir) => join(dir, 'build', 'Release'))) {
    let entries;
    try {
      entries = readdirSync(release, { withFileTypes: true });
    } catch {
      continue;
    }
    const files = entries.filter((e) => e.isFile()).map((e) => join(release, e.name));
    kept.set(release, new Map(files.map((file) => [basename(file), { bytes: readFileSync(file), mode: statSync(file).mode }])));
  }
  return () => {
    for (const [release, files] of kept) {
      mkdirSync(release, { recursive: true });
      for (const entry of readdirSync(release, { withFileTypes: true })) {
        if (entry.isFile() && !files.has(entry.name)) rmSync(join(release, entry.name));
      }
      for (const [name, { bytes, mode }] of files) {
        const path = join(release, name);
        if (existsSync(path) && readFileSync(path).equals(bytes)) continue;
        // A new file renamed into place: a process with the old addon loaded keeps its own mapping intact.
        writeFileSync(`${path}.pack-check`, bytes, { mode });
        renameSync(`${path}.pack-check`, path);
      }
    }
  };
}

export interface AddonProbe {
  /** The dlopen error, when the addon did not load. */
  loadError?: string;
  /** Shared objects mapped into the process after loading. */
  libraries: string[];
  /** Number of devices getDevices() returned, when asked to call it. */
  devices?: number;
  callError?: string;
  /** The child's exit when it died before reporting (a crash in the addon). */
  crashed?: string;
}

// Runs in a child process: a crash or a hang in the addon must not take the checker with it.
const PROBE = `
const fs = require('node:fs');
const [file, call] = process.argv.slice(1);
const report = (r) => { process.stdout.write('\\nPROBE ' + JSON.stringify(r) + '\\n'); process.exit(0); };
const mod = { exports: {} };
try { process.dlopen(mod, file); } catch (e) { report({ loadError: e.message, libraries: [] }); }
const libraries = [...new Set(fs.readFileSync('/proc/self/maps', 'utf8').split('\\n')
  .map((l) => l.trim().split(/\\s+/).slice(5).join(' ')).filter((p) => p.startsWith('/')))];
const result = { libraries };
if (call) {
  try { result.devices = mod.exports[call]().length; } catch (e) { result.callError = e.message; }
}
report(result);
`;

/** Loads a .node file with plain Node in a child process with no LD_LIBRARY_PATH, optionally calling one export. */
export function probeAddon(file: string, call?: string): AddonProbe {
  const env = { ...process.env };
  delete env.LD_LIBRARY_PATH;
  delete env.LD_PRELOAD;
  const run = spawnSync(process.execPath, ['-e', PROBE, file, call ?? ''], { encoding: 'utf8', env, timeout: 30_000 });
  const line = run.stdout?.split('\n').find((l) => l.startsWith('PROBE '));
  if (line) return JSON.parse(line.slice('PROBE '.length)) as AddonProbe;
  const why = run.error ? run.error.message : `exit ${run.status ?? run.signal}`;
  return { libraries: [], crashed: `${why}${run.stderr ? `: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}` };
}

export function duBytes(dir: string): number | undefined {
  const run = spawnSync('du', ['-sb', dir], { encoding: 'utf8' });
  const bytes = Number.parseInt(run.stdout ?? '', 10);
  return Number.isFinite(bytes) ? bytes : undefined;
}
