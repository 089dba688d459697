// The tray icons in resources/tray are what their one source (scripts/tray-icons/design.ts) renders: an
// edit to the design without `npm run icons` fails here. And each state's icon differs from every other's.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAY_STATES } from '../../src/main/desktop/tray-state';
import { renderPng, TRAY_DIR } from '../../scripts/tray-icons';
import { allTrayIcons, trayIconName } from '../../scripts/tray-icons/design';

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer): [number, number] => [png.readUInt32BE(16), png.readUInt32BE(20)];

describe('tray icons', () => {
  const icons = allTrayIcons();

  it('are all rendered from the design, at 16 and 32 px, and nothing else is in the folder', () => {
    expect(icons).toHaveLength(TRAY_STATES.length * 3 * 2);
    for (const icon of icons) {
      const file = readFileSync(join(TRAY_DIR, `${icon.name}.png`));
      expect(pngSize(file), icon.name).toEqual([icon.size, icon.size]);
      expect(file.equals(renderPng(icon.svg)), `${icon.name}.png is out of date: run npm run icons`).toBe(true);
    }
    expect(readdirSync(TRAY_DIR).sort()).toEqual(icons.map((i) => `${i.name}.png`).sort());
  });

  it('tell every state apart, in every variant (template icons by shape alone)', () => {
    for (const variant of ['light', 'dark', 'template'] as const) {
      const files = TRAY_STATES.map((state) => readFileSync(join(TRAY_DIR, `${trayIconName(state, variant, 32)}.png`)).toString('base64'));
      expect(new Set(files).size, variant).toBe(TRAY_STATES.length);
    }
  });

  it('template icons are black with alpha only, as macOS requires', () => {
    for (const icon of icons.filter((i) => i.variant === 'template')) {
      expect(icon.svg.match(/#[0-9a-f]{6}/gi)?.every((c) => c.toLowerCase() === '#000000'), icon.name).toBe(true);
    }
  });
});
