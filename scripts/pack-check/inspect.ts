// Pure checks over a packaged app's asar listing: what ships, what is unpacked, what the bundles import.
// Kept free of file access so tests can run them on a fake listing.
import { builtinModules } from 'node:module';
import { posix } from 'node:path';

export interface AsarEntry {
  /** Path inside the archive, without a leading slash. */
  path: string;
  size: number;
  /** Stored in app.asar.unpacked next to the archive instead of inside it. */
  unpacked: boolean;
}

export interface AsarHeaderNode {
  files?: Record<string, AsarHeaderNode>;
  size?: number;
  unpacked?: boolean;
  link?: string;
}

/** Every file in an asar header (as @electron/asar's getRawHeader returns it); links are left out. */
export function flattenAsarHeader(node: AsarHeaderNode, prefix = ''): AsarEntry[] {
  const entries: AsarEntry[] = [];
  for (const [name, child] of Object.entries(node.files ?? {})) {
    const path = prefix ? `${prefix}/${name}` : name;
    if (child.files) entries.push(...flattenAsarHeader(child, path));
    else if (child.link === undefined) entries.push({ path, size: child.size ?? 0, unpacked: child.unpacked === true });
  }
  return entries;
}

/** Files the OS loader opens by path: they cannot be read from inside an asar. */
export const isNativeFile = (path: string): boolean => /\.(node|dylib|dll|wasm)$|\.so(\.\d+)*$/.test(path);

/** Names of every package with files in the listing, nested node_modules included. */
export function shippedPackages(paths: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/');
    for (let i = 0; i < parts.length - 1; i++) {
      if (parts[i] !== 'node_modules') continue;
      const first = parts[i + 1];
      if (!first) continue;
      const second = parts[i + 2];
      if (first.startsWith('@')) {
        if (second !== undefined && i + 2 < parts.length - 1) names.add(`${first}/${second}`);
      } else names.add(first);
    }
  }
  return names;
}

/** The `packages` of a package-lock.json (lockfile v2 and v3): `dev` marks what only devDependencies reach. */
export interface PackageLock {
  packages?: Record<string, { dev?: boolean }>;
}

/**
 * Names of every package the lockfile installs for the app itself. A devDependency with one of these names
 * ships as a dependency's own dependency (node-abi: ours for pack:check, prebuild-install's at run time),
 * not as the dev tool.
 */
export function productionPackageNames(lock: PackageLock): Set<string> {
  const names = new Set<string>();
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    const at = key.lastIndexOf('node_modules/');
    if (at >= 0 && entry.dev !== true) names.add(key.slice(at + 'node_modules/'.length));
  }
  return names;
}

/** `./assets/x.js`-style references of a built HTML page (scripts, styles, preloads, icons). */
export function referencedAssets(html: string): string[] {
  const refs = new Set<string>();
  for (const match of html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/g)) {
    const ref = match[1] ?? '';
    if (/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(ref)) continue; // data:, https:, protocol-relative, fragments
    refs.add(ref.replace(/[?#].*$/, ''));
  }
  return [...refs];
}

/** Module specifiers a built bundle imports statically, dynamically or through require(). */
export function importedSpecifiers(js: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\bcreateRequire\([^)]*\)\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of js.matchAll(pattern)) found.add(match[1] ?? '');
  return [...found].filter(Boolean);
}

const isRelative = (specifier: string): boolean => specifier.startsWith('./') || specifier.startsWith('../');

export const isBuiltin = (specifier: string): boolean =>
  specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] ?? '') || specifier === 'electron';

/** `@scope/name/deep/file` → `@scope/name`; `name/deep` → `name`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** What the packaged app needs to find, described per project by the caller. */
export interface AppExpectations {
  /** Files that must be inside the archive (not unpacked): bundles, pages, package.json. */
  requiredFiles: string[];
  /** Built HTML pages and their text, to check the assets they reference. */
  pages: Record<string, string>;
  /** Built JavaScript bundles and their text, to check what they import. */
  bundles: Record<string, string>;
  /** The packaged package.json's `main`. */
  main: string | undefined;
  /** Files that must be unpacked (native addons and the libraries they load). */
  requiredUnpacked: string[];
  dependencies: string[];
  devDependencies: string[];
}

/** Every failed check as a plain sentence; empty when the archive holds what the app needs. */
export function checkArchive(entries: AsarEntry[], expect: AppExpectations): string[] {
  const failures: string[] = [];
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const has = (path: string): boolean => byPath.has(posix.normalize(path));

  for (const file of expect.requiredFiles) {
    const entry = byPath.get(file);
    if (!entry) failures.push(`app.asar is missing ${file}`);
    else if (entry.unpacked) failures.push(`${file} was unpacked; it belongs inside app.asar`);
  }

  if (!expect.main) failures.push('the packaged package.json has no "main"');
  else if (!has(expect.main)) failures.push(`the packaged package.json's main (${expect.main}) is not in app.asar`);

  for (const [page, html] of Object.entries(expect.pages)) {
    for (const ref of referencedAssets(html)) {
      // The pages are served from their own folder, so `/x` and `./x` both name a file next to them.
      if (!has(posix.join(posix.dirname(page), ref))) failures.push(`${page} references ${ref}, which is not in app.asar`);
    }
  }

  const shipped = shippedPackages(entries.map((e) => e.path));
  for (const [bundle, js] of Object.entries(expect.bundles)) {
    for (const specifier of importedSpecifiers(js)) {
      if (isRelative(specifier)) {
        if (!has(posix.join(posix.dirname(bundle), specifier))) failures.push(`${bundle} imports ${specifier}, which is not in app.asar`);
      } else if (!isBuiltin(specifier) && !shipped.has(packageOf(specifier))) {
        failures.push(`${bundle} imports ${specifier}, but the package does not ship`);
      }
    }
  }

  for (const file of expect.requiredUnpacked) {
    const entry = byPath.get(file);
    if (!entry) failures.push(`${file} does not ship`);
    else if (!entry.unpacked) failures.push(`${file} is inside app.asar; it must be unpacked to be loaded`);
  }
  for (const entry of entries) {
    if (isNativeFile(entry.path) && !entry.unpacked) failures.push(`${entry.path} is inside app.asar; native files must be unpacked`);
  }

  for (const dependency of expect.dependencies) {
    if (!has(`node_modules/${dependency}/package.json`)) failures.push(`the dependency ${dependency} does not ship`);
  }
  for (const dependency of expect.devDependencies) {
    if (shipped.has(dependency)) failures.push(`the devDependency ${dependency} ships in the app`);
  }
  return failures;
}
