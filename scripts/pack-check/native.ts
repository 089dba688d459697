// Pure checks for the packaged native side: where the addons look for their libraries, which Node ABI
// they were built for, and the fuses electron-builder wrote into the executable.
import { posix } from 'node:path';

export interface DynamicSection {
  needed: string[];
  /** RUNPATH and RPATH entries, in that order (the loader uses RPATH only when there is no RUNPATH). */
  searchPaths: string[];
}

/** The NEEDED and RUNPATH/RPATH entries of `readelf -d` output. */
export function parseDynamicSection(readelf: string): DynamicSection {
  const needed: string[] = [];
  const runpath: string[] = [];
  const rpath: string[] = [];
  for (const line of readelf.split('\n')) {
    const match = /\((NEEDED|RUNPATH|RPATH)\)\s+[^[]*\[([^\]]*)\]/.exec(line);
    if (!match) continue;
    const [, tag, value = ''] = match;
    if (tag === 'NEEDED') needed.push(value);
    else (tag === 'RUNPATH' ? runpath : rpath).push(...value.split(':').filter(Boolean));
  }
  return { needed, searchPaths: [...runpath, ...rpath] };
}

const ORIGIN = /^\$(?:ORIGIN|\{ORIGIN\})/;

/**
 * Failures for one ELF file at `file` (a path inside the package): a search path outside the package
 * names the build machine and is gone once installed, and a library the package ships must be reachable
 * through an $ORIGIN-relative path.
 */
export function checkLibraryPaths(file: string, dynamic: DynamicSection, shippedLibraries: Map<string, string[]>): string[] {
  const failures: string[] = [];
  const dirs: string[] = [];
  for (const entry of dynamic.searchPaths) {
    if (ORIGIN.test(entry)) dirs.push(posix.normalize(entry.replace(ORIGIN, posix.dirname(file))));
    else failures.push(`${file} searches ${entry} for libraries; that path is on the build machine, not in the package (use $ORIGIN)`);
  }
  for (const library of dynamic.needed) {
    const copies = shippedLibraries.get(library);
    if (copies && !copies.some((copy) => dirs.includes(posix.dirname(copy)))) {
      failures.push(`${file} needs ${library}, which ships, but no $ORIGIN search path leads to it`);
    }
  }
  return failures;
}

/** ELF e_machine for Node's process.arch values the app is built for. */
const ELF_MACHINES: Record<string, number> = { x64: 62, arm64: 183, arm: 40, ia32: 3, riscv64: 243, loong64: 258 };

/** The e_machine of an ELF file's first bytes, or undefined when it is not ELF. */
export function elfMachine(head: Uint8Array): number | undefined {
  if (head.length < 20 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) return undefined;
  const little = head[5] === 1;
  return little ? (head[18] ?? 0) | ((head[19] ?? 0) << 8) : ((head[18] ?? 0) << 8) | (head[19] ?? 0);
}

export const runsHere = (head: Uint8Array, arch: string): boolean => elfMachine(head) !== undefined && elfMachine(head) === ELF_MACHINES[arch];

/** `prebuilds/<platform>-<arch>/` as node-gyp-build names them, or undefined for other paths. */
export function prebuildTarget(path: string): { platform: string; arch: string } | undefined {
  const match = /(?:^|\/)prebuilds\/([a-z0-9]+)-([a-z0-9]+)\//.exec(path);
  return match?.[1] && match[2] ? { platform: match[1], arch: match[2] } : undefined;
}

/** A Linux prebuild whose machine is not the one its folder names (node-gyp-build would load it there and fail). */
export function prebuildMismatch(path: string, head: Uint8Array): string | undefined {
  const target = prebuildTarget(path);
  const machine = elfMachine(head);
  if (target?.platform !== 'linux' || machine === undefined) return undefined;
  const named = ELF_MACHINES[target.arch];
  if (named === undefined || named === machine) return undefined;
  const actual = Object.entries(ELF_MACHINES).find(([, m]) => m === machine)?.[0] ?? `machine ${machine}`;
  return `${path} is built for ${actual}, not ${target.arch}: the ${target.arch} package would not load it`;
}

/**
 * How a .node file registers itself. Node-API addons (`napi_register_module_v1`) load in any Electron; the
 * others load only where NODE_MODULE_VERSION is their ABI: named by `node_register_module_v<ABI>`, or, for
 * NAN's NODE_MODULE (`static`, which calls node_module_register), kept in a data field only loading reads.
 */
export type AddonAbi = { kind: 'node-api' } | { kind: 'v8'; abi: number } | { kind: 'static' } | { kind: 'unknown' };

/** The registration symbol defined in `readelf --dyn-syms -W` or `nm -D` output of one addon. */
export function addonAbi(symbols: string): AddonAbi {
  let abi: number | undefined;
  let napi = false;
  let registers = false;
  for (const line of symbols.split('\n')) {
    // Undefined symbols are imports (readelf's UND, nm's U/w), not what the addon registers.
    if (/\sUND\s|^\s*[Uw]\s/.test(line)) {
      if (/\bnode_module_register\b/.test(line)) registers = true;
      continue;
    }
    const v8 = /\bnode_register_module_v(\d+)\b/.exec(line);
    if (v8?.[1]) abi = Number(v8[1]);
    else if (/\bnapi_register_module_v\d+\b/.test(line)) napi = true;
  }
  // Node looks for the Node-API entry point when the ABI-named one does not match, so either one loads it.
  if (napi) return { kind: 'node-api' };
  if (abi !== undefined) return { kind: 'v8', abi };
  return registers ? { kind: 'static' } : { kind: 'unknown' };
}

/**
 * The ABI of a static-registration addon from loading it in a Node whose own ABI is `nodeAbi`: Node refuses one
 * built for another ABI, naming it. Undefined when the load failed for another reason.
 */
export function staticAbi(loadError: string | undefined, nodeAbi: number): number | undefined {
  if (loadError === undefined) return nodeAbi;
  const named = /using\s+NODE_MODULE_VERSION\s+(\d+)/.exec(loadError);
  return named?.[1] ? Number(named[1]) : undefined;
}

export interface ElectronTarget {
  version: string;
  abi: number;
  /** Whether electron-builder rebuilt the addons for this Electron while packaging. */
  rebuilt: boolean;
}

/** What pack:check says about one addon's ABI: a failure, a note, or a report line when all is well. */
export interface AbiVerdict {
  failure?: string;
  note?: string;
  report?: string;
}

export function abiVerdict(file: string, abi: AddonAbi, electron: ElectronTarget): AbiVerdict {
  const name = posix.basename(file);
  if (abi.kind === 'node-api') return { report: `${name}: Node-API, loads in any Electron` };
  if (abi.kind === 'static') return { note: `${name} registers through node_module_register and could not be loaded here: its ABI cannot be checked` };
  if (abi.kind === 'unknown') {
    return { note: `${name} exports neither napi_register_module_v1 nor node_register_module_v<ABI>: its ABI cannot be checked` };
  }
  if (abi.abi === electron.abi) return { report: `${name}: built for ABI ${abi.abi}, Electron ${electron.version}'s` };
  const mismatch = `${name} is built for ABI ${abi.abi}, Electron ${electron.version} needs ${electron.abi}`;
  if (electron.rebuilt) return { failure: `${mismatch} (electron-builder's rebuild left it as it was)` };
  return { note: `${mismatch}: the Electron rebuild was skipped, so this package is not installable until it is rebuilt` };
}

/** The tarball node-gyp fetches when electron-builder rebuilds the addons (@electron/rebuild's default dist-url). */
export const electronHeadersUrl = (version: string): string => `https://www.electronjs.org/headers/v${version}/node-v${version}-headers.tar.gz`;

export function skippedRebuildNote(version: string, url: string, reason: string): string {
  return (
    `the Electron rebuild was skipped: Electron ${version}'s headers are unreachable (${url}: ${reason}), ` +
    `so the addons are packed as npm built them, for this Node. A packaging machine needs HTTPS access to ` +
    `www.electronjs.org and artifacts.electronjs.org, and a C++ toolchain (make, g++, python3) for node-gyp`
  );
}

// Electron's fuse wire: a sentinel, a version byte, a length byte, then one byte per fuse ('0' off, '1' on).
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
export const FUSE_NAMES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;
/** Electron's own defaults, so that every fuse the config sets has to be flipped by packaging. */
export const ELECTRON_DEFAULT_FUSES = [true, false, true, true, false, false, false, true];
const ON = 0x31;
const OFF = 0x30;

export const fuseWire = (states: boolean[]): Buffer =>
  Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, states.length, ...states.map((on) => (on ? ON : OFF))])]);

/** The fuse bytes following the sentinel, or undefined when the file has none. */
export function readFuseWire(binary: Buffer): number[] | undefined {
  const at = binary.indexOf(FUSE_SENTINEL, 0, 'latin1');
  if (at < 0) return undefined;
  const start = at + FUSE_SENTINEL.length;
  const length = binary[start + 1] ?? 0;
  return [...binary.subarray(start + 2, start + 2 + length)];
}

/** The `electronFuses:` block of electron-builder.yml (flat `name: true|false` lines). */
export function parseFuseConfig(yml: string): Record<string, boolean> {
  const lines = yml.split('\n');
  const start = lines.findIndex((line) => /^electronFuses:\s*(#.*)?$/.test(line));
  const config: Record<string, boolean> = {};
  if (start < 0) return config;
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const match = /^\s+([A-Za-z]+):\s*(true|false)\s*(#.*)?$/.exec(line);
    if (match?.[1]) config[match[1]] = match[2] === 'true';
  }
  return config;
}

export function checkFuses(wire: number[] | undefined, config: Record<string, boolean>): string[] {
  if (!wire) return ['the packaged executable has no fuse wire'];
  const failures: string[] = [];
  for (const [name, wanted] of Object.entries(config)) {
    const index = (FUSE_NAMES as readonly string[]).indexOf(name);
    if (index < 0) {
      failures.push(`electronFuses.${name} is not a fuse this check knows`);
      continue;
    }
    const byte = wire[index];
    if (byte !== (wanted ? ON : OFF)) {
      const state = byte === ON ? 'on' : byte === OFF ? 'off' : `byte ${byte}`;
      failures.push(`fuse ${name} is ${state} in the packaged executable; electron-builder.yml asks for ${wanted ? 'on' : 'off'}`);
    }
  }
  return failures;
}
