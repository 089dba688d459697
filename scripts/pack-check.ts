// `npm run pack:check`: packages the unpacked Linux app with electron-builder against a stand-in Electron
// (the real binary is never downloaded on the build machines) and checks what an installed app would hold:
// the bundles and both pages inside app.asar, the native addons unpacked and loadable from their new place,
// no devDependency shipped, the fuses flipped. Exits non-zero with a plain message on any failed check.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import asar from '@electron/asar';
import { checkArchive, flattenAsarHeader, isNativeFile, shippedPackages, type AsarHeaderNode } from './pack-check/inspect';
import { duBytes, probeAddon, readelfDynamic, readHead, walk, writeStandInElectron } from './pack-check/io';
import {
  checkFuses,
  checkLibraryPaths,
  elfMachine,
  parseDynamicSection,
  parseFuseConfig,
  prebuildMismatch,
  prebuildTarget,
  readFuseWire,
  runsHere,
} from './pack-check/native';

const OUTPUT = 'dist/pack-check';
const ENTRIES = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/quick.html'];
const PAGES = ['out/renderer/index.html', 'out/renderer/quick.html'];
const PORTAUDIO_ADDON = 'node_modules/naudiodon2/build/Release/naudiodon.node';
const MUST_UNPACK = [
  PORTAUDIO_ADDON,
  'node_modules/naudiodon2/build/Release/libportaudio.so.2',
  `node_modules/uiohook-napi/prebuilds/${process.platform}-${process.arch}/uiohook-napi.node`,
];
/** Where src/main/index.ts looks when packaged: join(process.resourcesPath, 'resources'). */
const APP_RESOURCES = 'resources';

const started = performance.now();
const seconds = (from: number): string => `${((performance.now() - from) / 1000).toFixed(1)} s`;
const mb = (bytes: number | undefined): string => (bytes === undefined ? '?' : `${(bytes / 1e6).toFixed(1)} MB`);
const failures: string[] = [];
const report: string[] = [];
/** Problems for other targets than this one: printed, not failed. */
const notes: string[] = [];

interface PackageJson {
  name: string;
  main?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  // Rebuilding here would rewrite out/ under anything serving it, so only a missing build is built.
  if (ENTRIES.some((file) => !existsSync(file))) {
    console.log('pack:check: no build in out/, building');
    const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('electron-vite build failed');
  } else if (newestIn('src') > statSync('out/main/index.js').mtimeMs) {
    console.log('pack:check: note: out/ is older than src/; this packs the existing build (npm run build first)');
  }
}

function packUnpacked(): string {
  const standIn = mkdtempSync(join(tmpdir(), 'pack-check-electron-'));
  try {
    writeStandInElectron(standIn, readJson<{ version: string }>('node_modules/electron/package.json').version);
    rmSync(OUTPUT, { recursive: true, force: true });
    const args = ['--linux', 'dir', '--publish', 'never', `-c.electronDist=${standIn}`, `-c.directories.output=${OUTPUT}`];
    // Rebuilding the addons for Electron needs Electron's headers from the network; the checks load them in Node.
    args.push('-c.npmRebuild=false');
    const pack = spawnSync('node_modules/.bin/electron-builder', args, { stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    if (pack.status !== 0) throw new Error(`electron-builder exited with ${pack.status ?? pack.signal}`);
  } finally {
    rmSync(standIn, { recursive: true, force: true });
  }
  const dir = readdirSync(OUTPUT).find((name) => /^linux(-[a-z0-9]+)?-unpacked$/.test(name));
  if (!dir) throw new Error(`electron-builder wrote no linux-unpacked folder in ${OUTPUT}`);
  return join(OUTPUT, dir);
}

function checkAsar(resources: string, pkg: PackageJson): void {
  const archive = join(resources, 'app.asar');
  if (!existsSync(archive)) {
    failures.push(`${archive} does not exist`);
    return;
  }
  const entries = flattenAsarHeader(asar.getRawHeader(archive).header as AsarHeaderNode);
  const paths = new Set(entries.map((e) => e.path));
  const text = (path: string): string => (paths.has(path) ? asar.extractFile(archive, path).toString('utf8') : '');
  const packaged = paths.has('package.json') ? (JSON.parse(text('package.json')) as PackageJson) : undefined;
  const built = walk('out').map((f) => `out/${f.path}`).filter((p) => !p.endsWith('.map'));
  failures.push(
    ...checkArchive(entries, {
      requiredFiles: [...new Set(['package.json', ...ENTRIES, ...built])],
      pages: Object.fromEntries(PAGES.filter((p) => paths.has(p)).map((p) => [p, text(p)])),
      bundles: Object.fromEntries(entries.filter((e) => /^out\/(main|preload)\/.*\.[cm]?js$/.test(e.path)).map((e) => [e.path, text(e.path)])),
      main: packaged?.main,
      requiredUnpacked: MUST_UNPACK,
      dependencies: Object.keys(pkg.dependencies ?? {}),
      devDependencies: Object.keys(pkg.devDependencies ?? {}),
    }),
  );

  const unpackedDir = `${archive}.unpacked`;
  const onDisk = existsSync(unpackedDir) ? walk(unpackedDir) : [];
  const onDiskPaths = new Set(onDisk.map((f) => f.path));
  for (const entry of entries) {
    if (entry.unpacked && !onDiskPaths.has(entry.path)) failures.push(`app.asar lists ${entry.path} as unpacked, but app.asar.unpacked lacks it`);
  }
  const devShipped = [...shippedPackages(onDiskPaths)].filter((name) => name in (pkg.devDependencies ?? {}));
  for (const name of devShipped) failures.push(`the devDependency ${name} ships in app.asar.unpacked`);
  const unpackedPackages = [...shippedPackages(onDiskPaths)].sort();
  report.push(
    `app.asar ${mb(statSync(archive).size)} (${entries.filter((e) => !e.unpacked).length} files inside, ${shippedPackages(paths).size} packages), ` +
      `app.asar.unpacked ${mb(duBytes(unpackedDir))} (${unpackedPackages.join(', ')})`,
  );
  checkNative(unpackedDir, onDisk.map((f) => f.path));
}

function checkNative(unpackedDir: string, files: string[]): void {
  const libraries = new Map<string, string[]>();
  for (const file of files.filter((f) => /\.so(\.\d+)*$/.test(f))) libraries.set(basename(file), [...(libraries.get(basename(file)) ?? []), file]);
  const packageRoot = realpathSync(unpackedDir);
  for (const file of files.filter(isNativeFile)) {
    const full = join(unpackedDir, file);
    const head = readHead(full);
    if (elfMachine(head) === undefined) continue;
    const dynamic = parseDynamicSection(readelfDynamic(full));
    failures.push(...checkLibraryPaths(file, dynamic, libraries));
    if (file === PORTAUDIO_ADDON) report.push(`naudiodon.node: NEEDED ${dynamic.needed.join(', ')}; RUNPATH ${dynamic.searchPaths.join(':') || '(none)'}`);
    const mismatch = prebuildMismatch(file, head);
    if (mismatch) notes.push(mismatch);
    // Only what this machine would load: its own prebuild folder and addons built in place.
    const target = prebuildTarget(file);
    if (target && (target.platform !== process.platform || target.arch !== process.arch)) continue;
    if (!file.endsWith('.node') || !runsHere(head, process.arch)) continue;

    const probe = probeAddon(full, file === PORTAUDIO_ADDON ? 'getDevices' : undefined);
    if (probe.loadError) failures.push(`${file} does not load in Node: ${probe.loadError}`);
    else if (probe.crashed) failures.push(`${file}: the process loading it died (${probe.crashed})`);
    else if (file === PORTAUDIO_ADDON) {
      const portAudio = probe.libraries.find((lib) => basename(lib).startsWith('libportaudio'));
      if (!portAudio) failures.push(`${file} loaded without mapping a libportaudio`);
      else if (!portAudio.startsWith(`${packageRoot}/`)) failures.push(`${file} loaded PortAudio from ${portAudio}, outside the package`);
      const call = probe.callError ? `getDevices() failed (${probe.callError}; no sound server is fine here)` : `getDevices() returned ${probe.devices} devices`;
      report.push(`naudiodon.node loads in plain Node with PortAudio from ${portAudio?.replace(`${packageRoot}/`, 'app.asar.unpacked/') ?? '?'}; ${call}`);
    } else report.push(`${file.replace(/^node_modules\//, '')} loads in plain Node`);
  }
}

function checkPackage(appDir: string, pkg: PackageJson): void {
  const resources = join(appDir, 'resources');
  checkAsar(resources, pkg);
  for (const file of walk(APP_RESOURCES)) {
    if (!existsSync(join(resources, APP_RESOURCES, file.path))) failures.push(`resources/${APP_RESOURCES}/${file.path} (extraResources) does not ship`);
  }
  const executable = join(appDir, pkg.name);
  if (!existsSync(executable)) failures.push(`the executable ${pkg.name} is missing from ${appDir}`);
  else failures.push(...checkFuses(readFuseWire(readFileSync(executable)), parseFuseConfig(readFileSync('electron-builder.yml', 'utf8'))));
  report.unshift(`${appDir}: ${mb(duBytes(appDir))} without Electron itself (the stand-in is a few bytes)`);
}

try {
  const pkg = readJson<PackageJson>('package.json');
  ensureBuilt();
  const packStarted = performance.now();
  const appDir = packUnpacked();
  console.log(`pack:check: electron-builder took ${seconds(packStarted)}`);
  checkPackage(appDir, pkg);
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
}
for (const line of report) console.log(`  ${line}`);
for (const note of notes) console.log(`  note: ${note}`);
if (failures.length > 0) {
  for (const failure of failures) console.error(`  FAIL ${failure}`);
  console.error(`pack:check failed: ${failures.length} problem${failures.length === 1 ? '' : 's'} (${seconds(started)})`);
  process.exit(1);
}
console.log(`pack:check: the packaged app holds what it needs (${seconds(started)})`);
