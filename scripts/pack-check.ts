// `npm run pack:check`: packages the unpacked Linux app with electron-builder against a stand-in Electron
// (the real binary is never downloaded on the build machines) and checks what an installed app would hold:
// the bundles and both pages inside app.asar, the native addons unpacked and loadable from their new place,
// no devDependency shipped, the fuses flipped. Exits non-zero with a plain message on any failed check.
// Addons that are not Node-API (better-sqlite3) must be rebuilt for Electron's ABI, which needs Electron's
// headers from the network. When they answer, electron-builder rebuilds the addons as it does when packaging
// for real, and an addon left at another ABI fails; node_modules gets its own builds back afterwards. When they
// do not (machines with no route to electronjs.org), the rebuild is skipped and the ABI mismatch is a note:
// the layout is still checked, but that package would not run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import asar from '@electron/asar';
import {
  checkArchive,
  flattenAsarHeader,
  isNativeFile,
  productionPackageNames,
  shippedPackages,
  type AsarHeaderNode,
  type PackageLock,
} from './pack-check/inspect';
import { getAbi } from 'node-abi';
import { duBytes, keepAddonBuilds, probeAddon, readelfDynamic, readelfSymbols, readHead, unreachable, walk, writeStandInElectron } from './pack-check/io';
import {
  abiVerdict,
  addonAbi,
  checkFuses,
  checkLibraryPaths,
  electronHeadersUrl,
  elfMachine,
  parseDynamicSection,
  parseFuseConfig,
  prebuildMismatch,
  prebuildTarget,
  readFuseWire,
  runsHere,
  skippedRebuildNote,
  staticAbi,
  type AddonAbi,
  type ElectronTarget,
} from './pack-check/native';

const OUTPUT = 'dist/pack-check';
const ENTRIES = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/quick.html'];
const PAGES = ['out/renderer/index.html', 'out/renderer/quick.html'];
const PORTAUDIO_ADDON = 'node_modules/naudiodon2/build/Release/naudiodon.node';
const MUST_UNPACK = [
  PORTAUDIO_ADDON,
  'node_modules/naudiodon2/build/Release/libportaudio.so.2',
  `node_modules/uiohook-napi/prebuilds/${process.platform}-${process.arch}/uiohook-napi.node`,
  // Not in asarUnpack: electron-builder unpacks .node files by itself.
  'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
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

/** Electron's ABI, and whether electron-builder can fetch the headers it rebuilds the addons against. */
async function electronTarget(version: string): Promise<ElectronTarget> {
  const abi = Number(getAbi(version, 'electron'));
  const url = electronHeadersUrl(version);
  const reason = await unreachable(url);
  if (reason === undefined) console.log(`pack:check: Electron ${version}'s headers answer: electron-builder rebuilds the addons for ABI ${abi}`);
  else {
    console.log(`pack:check: Electron ${version}'s headers are unreachable (${reason}): packing without the Electron rebuild`);
    notes.push(skippedRebuildNote(version, url, reason));
  }
  return { version, abi, rebuilt: reason === undefined };
}

function packUnpacked(electron: ElectronTarget): string {
  const standIn = mkdtempSync(join(tmpdir(), 'pack-check-electron-'));
  // electron-builder rebuilds node_modules in place, where tests load the same addons in plain Node.
  const restoreBuilds = electron.rebuilt ? keepAddonBuilds() : undefined;
  try {
    writeStandInElectron(standIn, electron.version);
    rmSync(OUTPUT, { recursive: true, force: true });
    const args = ['--linux', 'dir', '--publish', 'never', `-c.electronDist=${standIn}`, `-c.directories.output=${OUTPUT}`];
    if (!electron.rebuilt) args.push('-c.npmRebuild=false');
    const pack = spawnSync('node_modules/.bin/electron-builder', args, { stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    if (pack.status !== 0) throw new Error(`electron-builder exited with ${pack.status ?? pack.signal}`);
  } finally {
    rmSync(standIn, { recursive: true, force: true });
    restoreBuilds?.();
  }
  const dir = readdirSync(OUTPUT).find((name) => /^linux(-[a-z0-9]+)?-unpacked$/.test(name));
  if (!dir) throw new Error(`electron-builder wrote no linux-unpacked folder in ${OUTPUT}`);
  return join(OUTPUT, dir);
}

function checkAsar(resources: string, pkg: PackageJson, electron: ElectronTarget): void {
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
  const production = productionPackageNames(readJson<PackageLock>('package-lock.json'));
  const devOnly = Object.keys(pkg.devDependencies ?? {}).filter((name) => !production.has(name));
  failures.push(
    ...checkArchive(entries, {
      requiredFiles: [...new Set(['package.json', ...ENTRIES, ...built])],
      pages: Object.fromEntries(PAGES.filter((p) => paths.has(p)).map((p) => [p, text(p)])),
      bundles: Object.fromEntries(entries.filter((e) => /^out\/(main|preload)\/.*\.[cm]?js$/.test(e.path)).map((e) => [e.path, text(e.path)])),
      main: packaged?.main,
      requiredUnpacked: MUST_UNPACK,
      dependencies: Object.keys(pkg.dependencies ?? {}),
      devDependencies: devOnly,
    }),
  );

  const unpackedDir = `${archive}.unpacked`;
  const onDisk = existsSync(unpackedDir) ? walk(unpackedDir) : [];
  const onDiskPaths = new Set(onDisk.map((f) => f.path));
  for (const entry of entries) {
    if (entry.unpacked && !onDiskPaths.has(entry.path)) failures.push(`app.asar lists ${entry.path} as unpacked, but app.asar.unpacked lacks it`);
  }
  const devShipped = [...shippedPackages(onDiskPaths)].filter((name) => devOnly.includes(name));
  for (const name of devShipped) failures.push(`the devDependency ${name} ships in app.asar.unpacked`);
  const unpackedPackages = [...shippedPackages(onDiskPaths)].sort();
  report.push(
    `app.asar ${mb(statSync(archive).size)} (${entries.filter((e) => !e.unpacked).length} files inside, ${shippedPackages(paths).size} packages), ` +
      `app.asar.unpacked ${mb(duBytes(unpackedDir))} (${unpackedPackages.join(', ')})`,
  );
  checkNative(unpackedDir, onDisk.map((f) => f.path), electron);
}

function checkNative(unpackedDir: string, files: string[], electron: ElectronTarget): void {
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
    let abi = file.endsWith('.node') ? addonAbi(readelfSymbols(full)) : undefined;
    // Only what this machine would load: its own prebuild folder and addons built in place.
    const target = prebuildTarget(file);
    const here = !target || (target.platform === process.platform && target.arch === process.arch);
    if (abi && here && runsHere(head, process.arch)) abi = loadHere(file, full, abi, packageRoot);
    if (!abi) continue;
    const verdict = abiVerdict(file, abi, electron);
    if (verdict.failure) failures.push(verdict.failure);
    if (verdict.note) notes.push(verdict.note);
    // Prebuilds for other machines share the basename: one line says it for all.
    if (verdict.report && !report.includes(verdict.report)) report.push(verdict.report);
  }
}

/** Loads an addon in plain Node; for a static-registration addon, returns the ABI that load showed. */
function loadHere(file: string, full: string, abi: AddonAbi, packageRoot: string): AddonAbi {
  const nodeAbi = Number(process.versions.modules);
  const name = file.replace(/^node_modules\//, '');
  if (abi.kind === 'v8' && abi.abi !== nodeAbi) {
    // Node would only say the module "did not self-register".
    report.push(`${name} is not loaded in plain Node: built for ABI ${abi.abi}, this Node's is ${nodeAbi}`);
    return abi;
  }
  const probe = probeAddon(full, file === PORTAUDIO_ADDON ? 'getDevices' : undefined);
  const shown = abi.kind === 'static' ? staticAbi(probe.loadError, nodeAbi) : undefined;
  if (shown !== undefined && shown !== nodeAbi) {
    report.push(`${name} is not loaded in plain Node: built for ABI ${shown}, this Node's is ${nodeAbi}`);
    return { kind: 'v8', abi: shown };
  }
  if (probe.loadError) failures.push(`${file} does not load in Node: ${probe.loadError}`);
  else if (probe.crashed) failures.push(`${file}: the process loading it died (${probe.crashed})`);
  else if (file === PORTAUDIO_ADDON) {
    const portAudio = probe.libraries.find((lib) => basename(lib).startsWith('libportaudio'));
    if (!portAudio) failures.push(`${file} loaded without mapping a libportaudio`);
    else if (!portAudio.startsWith(`${packageRoot}/`)) failures.push(`${file} loaded PortAudio from ${portAudio}, outside the package`);
    const call = probe.callError ? `getDevices() failed (${probe.callError}; no sound server is fine here)` : `getDevices() returned ${probe.devices} devices`;
    report.push(`naudiodon.node loads in plain Node with PortAudio from ${portAudio?.replace(`${packageRoot}/`, 'app.asar.unpacked/') ?? '?'}; ${call}`);
  } else report.push(`${name} loads in plain Node`);
  return shown === undefined ? abi : { kind: 'v8', abi: shown };
}

function checkPackage(appDir: string, pkg: PackageJson, electron: ElectronTarget): void {
  const resources = join(appDir, 'resources');
  checkAsar(resources, pkg, electron);
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
  const electron = await electronTarget(readJson<{ version: string }>('node_modules/electron/package.json').version);
  const packStarted = performance.now();
  const appDir = packUnpacked(electron);
  console.log(`pack:check: electron-builder took ${seconds(packStarted)}`);
  checkPackage(appDir, pkg, electron);
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
