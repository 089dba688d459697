import { describe, expect, it } from 'vitest';
import {
  checkArchive,
  flattenAsarHeader,
  importedSpecifiers,
  productionPackageNames,
  referencedAssets,
  shippedPackages,
  type AppExpectations,
  type AsarEntry,
} from '../../../scripts/pack-check/inspect';

const PAGE = `<script type="module" crossorigin src="./assets/index-1.js"></script>
<link rel="icon" href="data:," /><link rel="stylesheet" href="./assets/index-1.css"><a href="https://example.org">x</a>`;

const goodEntries = (): AsarEntry[] =>
  [
    'package.json',
    'out/main/index.js',
    'out/main/chunks/key-1.js',
    'out/preload/index.cjs',
    'out/renderer/index.html',
    'out/renderer/assets/index-1.js',
    'out/renderer/assets/index-1.css',
    'node_modules/ws/package.json',
    'node_modules/ws/index.js',
    'node_modules/@scope/lib/package.json',
    'node_modules/@scope/lib/dist/lib.js',
  ]
    .map((path) => ({ path, size: 1, unpacked: false }))
    .concat(
      ['node_modules/addon/package.json', 'node_modules/addon/build/Release/addon.node', 'node_modules/addon/build/Release/libdep.so.2'].map((path) => ({
        path,
        size: 1,
        unpacked: true,
      })),
    );

const expectations = (over: Partial<AppExpectations> = {}): AppExpectations => ({
  requiredFiles: ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'],
  pages: { 'out/renderer/index.html': PAGE },
  bundles: {
    'out/main/index.js': 'import { app } from "electron";\nimport fs from "node:fs";\nimport { WebSocket } from "ws";\nconst k = () => import("./chunks/key-1.js");\nconst lib = createRequire(import.meta.url)("@scope/lib");',
    'out/main/chunks/key-1.js': 'import { x } from "../index.js";\nimport { EventEmitter } from "events";',
  },
  main: './out/main/index.js',
  requiredUnpacked: ['node_modules/addon/build/Release/addon.node', 'node_modules/addon/build/Release/libdep.so.2'],
  dependencies: ['ws', '@scope/lib', 'addon'],
  devDependencies: ['vitest', '@types/node'],
  ...over,
});

describe('checkArchive', () => {
  it('passes an archive that holds everything the app needs', () => {
    expect(checkArchive(goodEntries(), expectations())).toEqual([]);
  });

  it('names a missing page, an unresolved main and a missing asset', () => {
    const entries = goodEntries().filter((e) => e.path !== 'out/renderer/assets/index-1.css');
    const failures = checkArchive(entries, expectations({ requiredFiles: ['out/renderer/quick.html'], main: 'out/main/main.js' }));
    expect(failures).toEqual([
      'app.asar is missing out/renderer/quick.html',
      "the packaged package.json's main (out/main/main.js) is not in app.asar",
      'out/renderer/index.html references ./assets/index-1.css, which is not in app.asar',
    ]);
  });

  it('fails a native file left inside the archive and a required one that was not unpacked', () => {
    const entries = goodEntries().map((e) => (e.path.endsWith('addon.node') ? { ...e, unpacked: false } : e));
    expect(checkArchive(entries, expectations())).toEqual([
      'node_modules/addon/build/Release/addon.node is inside app.asar; it must be unpacked to be loaded',
      'node_modules/addon/build/Release/addon.node is inside app.asar; native files must be unpacked',
    ]);
  });

  it('fails imports of packages that do not ship and chunks that are missing', () => {
    const entries = goodEntries().filter((e) => !e.path.startsWith('node_modules/ws/') && e.path !== 'out/main/chunks/key-1.js');
    expect(checkArchive(entries, expectations({ bundles: { 'out/main/index.js': expectations().bundles['out/main/index.js'] ?? '' } }))).toEqual([
      'out/main/index.js imports ws, but the package does not ship',
      'out/main/index.js imports ./chunks/key-1.js, which is not in app.asar',
      'the dependency ws does not ship',
    ]);
  });

  it('fails a devDependency that ships, scoped or nested', () => {
    const entries = goodEntries().concat(
      { path: 'node_modules/ws/node_modules/vitest/index.js', size: 1, unpacked: false },
      { path: 'node_modules/@types/node/index.d.ts', size: 1, unpacked: true },
    );
    expect(checkArchive(entries, expectations())).toEqual(['the devDependency vitest ships in the app', 'the devDependency @types/node ships in the app']);
  });
});

describe('listing helpers', () => {
  it('flattens an asar header, keeping the unpacked flag and leaving links out', () => {
    const header = {
      files: {
        'package.json': { size: 10 },
        node_modules: { unpacked: true, files: { a: { files: { 'a.node': { size: 5, unpacked: true } } } } },
        link: { link: 'package.json' },
      },
    };
    expect(flattenAsarHeader(header)).toEqual([
      { path: 'package.json', size: 10, unpacked: false },
      { path: 'node_modules/a/a.node', size: 5, unpacked: true },
    ]);
  });

  it('names shipped packages, scoped and nested, but not a bare scope folder', () => {
    const names = shippedPackages(['node_modules/a/index.js', 'node_modules/@s/b/package.json', 'node_modules/a/node_modules/c/x.js', 'node_modules/@s/readme']);
    expect([...names].sort()).toEqual(['@s/b', 'a', 'c']);
  });

  it("names the lockfile's packages outside devDependencies' reach, nested ones included", () => {
    const lock = {
      packages: {
        '': {},
        'node_modules/node-abi': { dev: true },
        'node_modules/prebuild-install/node_modules/node-abi': {},
        'node_modules/@s/b': { dev: false },
        'node_modules/vitest': { dev: true },
      },
    };
    expect([...productionPackageNames(lock)].sort()).toEqual(['@s/b', 'node-abi']);
    expect(productionPackageNames({}).size).toBe(0);
  });

  it('reads the assets a page references, skipping data: and remote URLs', () => {
    expect(referencedAssets(PAGE)).toEqual(['./assets/index-1.js', './assets/index-1.css']);
  });

  it('finds static, dynamic and required specifiers', () => {
    const js = 'import a from "a";\nimport "side";\nexport { b } from \'./b.js\';\nawait import("./c.js");\nrequire("d");';
    expect(importedSpecifiers(js).sort()).toEqual(['./b.js', './c.js', 'a', 'd', 'side']);
  });
});
