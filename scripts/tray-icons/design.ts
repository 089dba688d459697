// The one source of the tray icons: a microphone, and a badge that says the state. Every PNG in
// resources/tray is rendered from here by scripts/tray-icons.ts (`npm run icons`); a test renders them again
// and compares, so an edit here without the PNGs fails the test command.
//
// Variants: plain (dark glyph, for light panels), -dark (light glyph, for dark panels), and macOS Template
// (black with alpha only: macOS tints it for its menu bar, so states differ by shape, never by colour alone,
// which also keeps them apart for colour-blind users in the other variants).
import { TRAY_STATES, type TrayState } from '../../src/main/desktop/tray-state';

export type TrayVariant = 'light' | 'dark' | 'template';
export const TRAY_VARIANTS: readonly TrayVariant[] = ['light', 'dark', 'template'];
/** Pixel sizes: @1x and @2x (Electron picks the @2x file on high-density screens). */
export const TRAY_SIZES = [16, 32] as const;

const GLYPH: Record<TrayVariant, string> = { light: '#1f2328', dark: '#f0f3f6', template: '#000000' };
const BADGE: Record<Exclude<TrayState, 'idle' | 'offline'>, string> = {
  listening: '#e5484d',
  thinking: '#f5a524',
  speaking: '#3b82f6',
  error: '#e5484d',
};

/** File name (without .png) of a state's icon in a variant and size, as the shell loads it. */
export function trayIconName(state: TrayState, variant: TrayVariant, size: number): string {
  const suffix = variant === 'dark' ? '-dark' : variant === 'template' ? 'Template' : '';
  return `tray-${state}${suffix}${size === 32 ? '@2x' : ''}`;
}

// On a 32-unit grid. The microphone sits left of centre so that the badge (lower right) does not cover it.
const MIC = `
  <rect x="8" y="2" width="11" height="17" rx="5.5" fill="currentColor"/>
  <path d="M4.5 13.5a9 9 0 0 0 18 0" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round"/>
  <path d="M13.5 22.5v5.5M9 28.5h9" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round"/>`;

/** What sits inside the badge circle (centre 24,24), drawn in the badge's knock-out colour. */
function badgeMark(state: TrayState, ink: string): string {
  switch (state) {
    case 'listening': // a ring: "recording"
      return `<circle cx="24" cy="24" r="2.6" fill="${ink}"/>`;
    case 'thinking': // three dots
      return [20.6, 24, 27.4].map((x) => `<circle cx="${x}" cy="24" r="1.5" fill="${ink}"/>`).join('');
    case 'speaking': // sound waves
      return `<path d="M21 21.5v5M24 19.5v9M27 21.5v5" stroke="${ink}" stroke-width="2" stroke-linecap="round"/>`;
    case 'error': // an exclamation mark
      return `<path d="M24 19.5v5.2" stroke="${ink}" stroke-width="2.4" stroke-linecap="round"/><circle cx="24" cy="28.2" r="1.4" fill="${ink}"/>`;
    default:
      return '';
  }
}

export function traySvg(state: TrayState, variant: TrayVariant, size: number): string {
  const glyph = GLYPH[variant];
  const hasBadge = state !== 'idle' && state !== 'offline';
  // A template image has no colours: the badge is the glyph's colour, its mark cut out of it.
  const badgeFill = variant === 'template' || !hasBadge ? glyph : BADGE[state as keyof typeof BADGE];
  const cut = `<circle cx="24" cy="24" r="8.5" fill="black"/>`;
  const markMask = `<mask id="mark" maskUnits="userSpaceOnUse" x="0" y="0" width="32" height="32"><circle cx="24" cy="24" r="7" fill="white"/>${badgeMark(state, 'black')}</mask>`;
  const offline = state === 'offline';
  // Offline: the microphone faded and struck through (the stroke cut out of it, so it reads at 16 px).
  const slashCut = `<path d="M3 3L29 29" stroke="black" stroke-width="5.5" stroke-linecap="round"/>`;
  const slash = `<path d="M3 3L29 29" stroke="${glyph}" stroke-width="2.6" stroke-linecap="round"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 32 32">
  <defs>
    <mask id="glyph" maskUnits="userSpaceOnUse" x="0" y="0" width="32" height="32"><rect width="32" height="32" fill="white"/>${hasBadge ? cut : ''}${offline ? slashCut : ''}</mask>
    ${hasBadge ? markMask : ''}
  </defs>
  <g color="${glyph}" mask="url(#glyph)" opacity="${offline ? 0.55 : 1}">${MIC}</g>
  ${offline ? slash : ''}
  ${hasBadge ? `<circle cx="24" cy="24" r="7" fill="${badgeFill}" mask="url(#mark)"/>` : ''}
</svg>`;
}

export function allTrayIcons(): { name: string; state: TrayState; variant: TrayVariant; size: number; svg: string }[] {
  return TRAY_STATES.flatMap((state) =>
    TRAY_VARIANTS.flatMap((variant) => TRAY_SIZES.map((size) => ({ name: trayIconName(state, variant, size), state, variant, size, svg: traySvg(state, variant, size) }))),
  );
}
