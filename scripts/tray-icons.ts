// Renders the tray icons (scripts/tray-icons/design.ts) into resources/tray: `npm run icons`.
// resvg renders the same SVG to the same bytes every time, so the test command can check the PNGs are current.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { allTrayIcons } from './tray-icons/design';

export const TRAY_DIR = fileURLToPath(new URL('../resources/tray', import.meta.url));

export function renderPng(svg: string): Buffer {
  return Buffer.from(new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(TRAY_DIR, { recursive: true });
  const icons = allTrayIcons();
  for (const icon of icons) writeFileSync(join(TRAY_DIR, `${icon.name}.png`), renderPng(icon.svg));
  process.stdout.write(`tray icons: ${icons.length} files in resources/tray\n`);
}
