import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  abiVerdict,
  addonAbi,
  checkFuses,
  checkLibraryPaths,
  elfMachine,
  electronHeadersUrl,
  fuseWire,
  parseDynamicSection,
  parseFuseConfig,
  prebuildMismatch,
  readFuseWire,
  skippedRebuildNote,
  staticAbi,
} from '../../../scripts/pack-check/native';

const READELF = `
Dynamic section at offset 0x1d000 contains 30 entries:
  Tag        Type                         Name/Value
 0x0000000000000001 (NEEDED)             Shared library: [libportaudio.so.2]
 0x0000000000000001 (NEEDED)             Shared library: [libc.so.6]
 0x000000000000001d (RUNPATH)            Library runpath: [$ORIGIN:$ORIGIN/../lib]
 0x000000000000000c (INIT)               0x5000
`;
const ADDON = 'node_modules/audio/build/Release/audio.node';

describe('library search paths', () => {
  it('reads NEEDED and RUNPATH entries from readelf -d', () => {
    expect(parseDynamicSection(READELF)).toEqual({ needed: ['libportaudio.so.2', 'libc.so.6'], searchPaths: ['$ORIGIN', '$ORIGIN/../lib'] });
  });

  it('accepts a shipped library reached through $ORIGIN and ignores system libraries', () => {
    const shipped = new Map([['libportaudio.so.2', ['node_modules/audio/build/lib/libportaudio.so.2']]]);
    expect(checkLibraryPaths(ADDON, parseDynamicSection(READELF), shipped)).toEqual([]);
  });

  it('fails a build-machine path, and a shipped library no search path reaches', () => {
    const dynamic = { needed: ['libportaudio.so.2'], searchPaths: ['/home/ci/app/node_modules/audio/build/Release', '${ORIGIN}/elsewhere'] };
    const shipped = new Map([['libportaudio.so.2', ['node_modules/audio/build/Release/libportaudio.so.2']]]);
    expect(checkLibraryPaths(ADDON, dynamic, shipped)).toEqual([
      `${ADDON} searches /home/ci/app/node_modules/audio/build/Release for libraries; that path is on the build machine, not in the package (use $ORIGIN)`,
      `${ADDON} needs libportaudio.so.2, which ships, but no $ORIGIN search path leads to it`,
    ]);
  });

  it('reads the machine of an ELF header and flags a prebuild folder holding another machine', () => {
    const elf = (machine: number): Uint8Array => Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, ...Array<number>(12).fill(0), machine & 0xff, machine >> 8]);
    expect(elfMachine(elf(62))).toBe(62);
    expect(elfMachine(Uint8Array.from([0x4d, 0x5a, ...Array<number>(30).fill(0)]))).toBeUndefined();
    expect(prebuildMismatch('node_modules/k/prebuilds/linux-x64/k.node', elf(62))).toBeUndefined();
    expect(prebuildMismatch('node_modules/k/prebuilds/linux-arm64/k.node', elf(62))).toBe(
      'node_modules/k/prebuilds/linux-arm64/k.node is built for x64, not arm64: the arm64 package would not load it',
    );
    expect(prebuildMismatch('node_modules/k/build/Release/k.node', elf(183))).toBeUndefined();
  });
});

describe('fuses', () => {
  const YML = `appId: x
electronFuses:
  runAsNode: false
  # a comment inside the block
  onlyLoadAppFromAsar: true
linux:
  runAsNode: true
`;

  it('parses the flat electronFuses block and stops at the next top-level key', () => {
    expect(parseFuseConfig(YML)).toEqual({ runAsNode: false, onlyLoadAppFromAsar: true });
    expect(parseFuseConfig('appId: x\n')).toEqual({});
  });

  it('parses the project config, whose fuses pack:check compares', () => {
    const config = parseFuseConfig(readFileSync('electron-builder.yml', 'utf8'));
    expect(config.runAsNode).toBe(false);
    expect(Object.keys(config).length).toBeGreaterThanOrEqual(5);
  });

  it('finds the wire inside a binary and compares it with the config', () => {
    const states = [false, true, false, false, true, true, false, false];
    const binary = Buffer.concat([Buffer.from('#!/bin/sh\n# '), fuseWire(states), Buffer.from('\nexit 1\n')]);
    const wire = readFuseWire(binary);
    expect(wire).toEqual(states.map((on) => (on ? 0x31 : 0x30)));
    expect(checkFuses(wire, { runAsNode: false, onlyLoadAppFromAsar: true })).toEqual([]);
    expect(checkFuses(wire, { runAsNode: true, noSuchFuse: false })).toEqual([
      'fuse runAsNode is off in the packaged executable; electron-builder.yml asks for on',
      'electronFuses.noSuchFuse is not a fuse this check knows',
    ]);
    expect(checkFuses(readFuseWire(Buffer.from('no wire')), {})).toEqual(['the packaged executable has no fuse wire']);
  });
});

// Trimmed from `readelf --dyn-syms -W` of better_sqlite3.node and naudiodon.node, and `nm -D` of a NAN addon.
const V8_SYMBOLS = `
Symbol table '.dynsym' contains 230 entries:
   Num:    Value          Size Type    Bind   Vis      Ndx Name
     0: 0000000000000000     0 NOTYPE  LOCAL  DEFAULT  UND
    12: 0000000000000000     0 FUNC    GLOBAL DEFAULT  UND _ZN2v811HandleScopeD1Ev
   227: 000000000001a450  1451 FUNC    GLOBAL DEFAULT   12 node_register_module_v115
`;
const NAPI_SYMBOLS = `
Symbol table '.dynsym' contains 150 entries:
   Num:    Value          Size Type    Bind   Vis      Ndx Name
    20: 0000000000000000     0 FUNC    GLOBAL DEFAULT  UND napi_create_function
   142: 0000000000009290     6 FUNC    GLOBAL DEFAULT   12 node_api_module_get_api_version_v1
   146: 00000000000092a0     5 FUNC    GLOBAL DEFAULT   12 napi_register_module_v1
`;
const NM_SYMBOLS = `                 U _ZN2v87Isolate10GetCurrentEv
                 w __gmon_start__
0000000000012340 T node_register_module_v145
`;
const ELECTRON = { version: '41.7.1', abi: 145 };

describe('addon ABI', () => {
  it('reads the ABI a V8-API addon registers for, from readelf or nm', () => {
    expect(addonAbi(V8_SYMBOLS)).toEqual({ kind: 'v8', abi: 115 });
    expect(addonAbi(NM_SYMBOLS)).toEqual({ kind: 'v8', abi: 145 });
  });

  it('knows a Node-API addon, and one that also exports an ABI-named entry point, as Node-API', () => {
    expect(addonAbi(NAPI_SYMBOLS)).toEqual({ kind: 'node-api' });
    expect(addonAbi(`${V8_SYMBOLS}${NAPI_SYMBOLS}`)).toEqual({ kind: 'node-api' });
  });

  it('knows a NAN addon that registers through node_module_register, whose ABI only loading shows', () => {
    const nan = '    22: 0000000000000000     0 NOTYPE  GLOBAL DEFAULT  UND node_module_register\n';
    expect(addonAbi(nan)).toEqual({ kind: 'static' });
    expect(staticAbi(undefined, 115)).toBe(115);
    const refused =
      "The module '/x/segfault-handler.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 145. This version of Node.js requires\nNODE_MODULE_VERSION 115.";
    expect(staticAbi(refused, 115)).toBe(145);
    expect(staticAbi('libfoo.so: cannot open shared object file', 115)).toBeUndefined();
    expect(abiVerdict('x/segfault-handler.node', { kind: 'static' }, { ...ELECTRON, rebuilt: true }).note).toMatch(/could not be loaded here/);
  });

  it('ignores registration symbols the addon only imports, and says when it finds none', () => {
    const imported = '    30: 0000000000000000     0 FUNC    GLOBAL DEFAULT  UND node_register_module_v115\n                 U napi_register_module_v1\n';
    expect(addonAbi(imported)).toEqual({ kind: 'unknown' });
    expect(addonAbi('')).toEqual({ kind: 'unknown' });
  });

  const FILE = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';

  it('fails a mismatch when electron-builder rebuilt the addons', () => {
    expect(abiVerdict(FILE, { kind: 'v8', abi: 115 }, { ...ELECTRON, rebuilt: true })).toEqual({
      failure: "better_sqlite3.node is built for ABI 115, Electron 41.7.1 needs 145 (electron-builder's rebuild left it as it was)",
    });
  });

  it('notes a mismatch when the rebuild was skipped, saying the package is not installable', () => {
    expect(abiVerdict(FILE, { kind: 'v8', abi: 115 }, { ...ELECTRON, rebuilt: false })).toEqual({
      note: 'better_sqlite3.node is built for ABI 115, Electron 41.7.1 needs 145: the Electron rebuild was skipped, so this package is not installable until it is rebuilt',
    });
  });

  it("passes Electron's ABI and Node-API addons whether or not the rebuild ran", () => {
    for (const rebuilt of [true, false]) {
      expect(abiVerdict(FILE, { kind: 'v8', abi: 145 }, { ...ELECTRON, rebuilt })).toEqual({
        report: "better_sqlite3.node: built for ABI 145, Electron 41.7.1's",
      });
      expect(abiVerdict('node_modules/k/prebuilds/linux-x64/k.node', { kind: 'node-api' }, { ...ELECTRON, rebuilt })).toEqual({
        report: 'k.node: Node-API, loads in any Electron',
      });
    }
  });

  it('notes an addon whose ABI it cannot read instead of passing or failing it', () => {
    const verdict = abiVerdict('node_modules/old/build/Release/old.node', { kind: 'unknown' }, { ...ELECTRON, rebuilt: true });
    expect(verdict.failure).toBeUndefined();
    expect(verdict.note).toMatch(/^old\.node exports neither .* its ABI cannot be checked$/);
  });

  it('names the headers electron-builder fetches, and what a packaging machine needs when they are unreachable', () => {
    const url = electronHeadersUrl('41.7.1');
    expect(url).toBe('https://www.electronjs.org/headers/v41.7.1/node-v41.7.1-headers.tar.gz');
    const note = skippedRebuildNote('41.7.1', url, 'ENOTFOUND');
    expect(note).toContain(`Electron 41.7.1's headers are unreachable (${url}: ENOTFOUND)`);
    expect(note).toMatch(/^the Electron rebuild was skipped/);
    expect(note).toContain('artifacts.electronjs.org');
    expect(note).toContain('C++ toolchain');
  });
});
