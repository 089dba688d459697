import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkFuses,
  checkLibraryPaths,
  elfMachine,
  fuseWire,
  parseDynamicSection,
  parseFuseConfig,
  prebuildMismatch,
  readFuseWire,
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
