import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import {
  CHAR_PX,
  PAD_X,
  escapeXml,
  fitLabel,
  foldProfile,
  frameCategory,
  frameColour,
  frameLabel,
  parseProfile,
  renderSvg,
  type CallFrame,
  type CpuProfile,
} from '../../../scripts/flamegraph/render';

const ROOT_DIR = '/proj';
const frame = (functionName: string, url = '', lineNumber = -1): CallFrame => ({ functionName, url, lineNumber, columnNumber: 0 });

const MAIN = 'main src/main/app.ts:10';
const EVIL = 'a<b>&"c" node:internal/streams/readable:100';
const B = 'b out/cli/main.mjs:42';
const DEEP = 'deep src/x y.ts:3';
const ANON = '(anonymous) nm:ws/lib/websocket.js:1';
const GC = '(garbage collector)';

// Sample times (ms from start): 0 1 2 4 5 6 7 7.5, end 8. Each stands for the gap to the next one.
function profile(): CpuProfile {
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 3, 4, 5] },
      { id: 2, callFrame: frame('main', 'file:///proj/src/main/app.ts', 9), children: [6, 7] },
      { id: 3, callFrame: frame('(idle)') },
      { id: 4, callFrame: frame('(garbage collector)') },
      { id: 5, callFrame: frame('', '/proj/node_modules/ws/lib/websocket.js', 0) },
      { id: 6, callFrame: frame('a<b>&"c"', 'node:internal/streams/readable', 99) },
      { id: 7, callFrame: frame('b', '/proj/out/cli/main.mjs', 41), children: [8] },
      { id: 8, callFrame: frame('deep', 'file:///proj/src/x%20y.ts', 2) },
    ],
    startTime: 1_000_000,
    endTime: 1_008_000,
    samples: [6, 6, 7, 3, 3, 4, 5, 8],
    timeDeltas: [0, 1000, 1000, 2000, 1000, 1000, 1000, 500],
  };
}

const stacksOf = (p: CpuProfile, window = {}) => Object.fromEntries(foldProfile(p, { root: ROOT_DIR, ...window }).stacks);

describe('frameLabel', () => {
  it('names anonymous functions and shortens locations to file:line (1-based)', () => {
    expect(frameLabel(frame('', '/proj/node_modules/.pnpm/x/node_modules/@s/p/i.js', 4), ROOT_DIR)).toBe('(anonymous) nm:@s/p/i.js:5');
    expect(frameLabel(frame('f', 'file:///proj/src/a.ts', 0), ROOT_DIR)).toBe('f src/a.ts:1');
    expect(frameLabel(frame('f', 'file:///proj/src/a.ts', 0))).toBe('f /proj/src/a.ts:1');
    expect(frameLabel(frame('f', '/projects/a.ts', 0), ROOT_DIR)).toBe('f /projects/a.ts:1');
    expect(frameLabel(frame('f', 'node:internal/timers', 10), ROOT_DIR)).toBe('f node:internal/timers:11');
    expect(frameLabel(frame('(program)'), ROOT_DIR)).toBe('(program)');
    expect(frameLabel(frame('x;y'), ROOT_DIR)).toBe('x,y');
  });
});

describe('foldProfile', () => {
  it('folds the whole profile, root first, without the synthetic (root) frame and without idle', () => {
    const folded = foldProfile(profile(), { root: ROOT_DIR });
    expect(Object.fromEntries(folded.stacks)).toEqual({
      [`${MAIN};${EVIL}`]: 2000,
      [`${MAIN};${B}`]: 2000,
      [GC]: 1000,
      [ANON]: 500,
      [`${MAIN};${B};${DEEP}`]: 500,
    });
    expect(folded.totals).toEqual({ busyUs: 6000, idleUs: 2000 });
    expect(folded.samples).toBe(8);
    expect(folded.durationMs).toBe(8);
  });

  it('keeps only samples taken inside the window, both ends included', () => {
    const folded = foldProfile(profile(), { root: ROOT_DIR, fromMs: 1, toMs: 5 });
    expect(Object.fromEntries(folded.stacks)).toEqual({ [`${MAIN};${EVIL}`]: 1000, [`${MAIN};${B}`]: 2000 });
    expect(folded.totals).toEqual({ busyUs: 3000, idleUs: 2000 });
    expect(folded.samples).toBe(4);
    expect(stacksOf(profile(), { fromMs: 2, toMs: 2 })).toEqual({ [`${MAIN};${B}`]: 2000 });
    expect(stacksOf(profile(), { fromMs: 7.2 })).toEqual({ [`${MAIN};${B};${DEEP}`]: 500 });
    expect(foldProfile(profile(), { fromMs: 9 }).totals).toEqual({ busyUs: 0, idleUs: 0 });
  });

  it('puts out-of-order samples back in time order before giving each its duration', () => {
    const p = profile();
    // The GC sample is recorded after the anonymous one but was taken 0.5 ms before it.
    p.samples = [4, 5, 2];
    p.timeDeltas = [1000, 1000, -500];
    p.endTime = 1_004_000;
    expect(stacksOf(p)).toEqual({ [GC]: 500, [MAIN]: 500, [ANON]: 2000 });
  });

  it('follows parent links as well as children lists', () => {
    const p = profile();
    p.nodes = p.nodes.map(({ children: _children, ...node }) => node);
    p.nodes[1]!.parent = 1;
    p.nodes[5]!.parent = 2;
    expect(stacksOf(p, { toMs: 0 })).toEqual({ [`${MAIN};${EVIL}`]: 1000 });
  });

  it('rejects what is not a profile', () => {
    expect(() => parseProfile({ nodes: [] })).toThrow(/not a V8 CPU profile/);
    expect(() => parseProfile({ ...profile(), timeDeltas: [0] })).toThrow(/differ in length/);
    expect(parseProfile(profile())).toEqual(profile());
    expect(() => foldProfile({ ...profile(), samples: [...profile().samples.slice(1), 99] })).toThrow(/unknown node 99/);
  });
});

interface Rect {
  x: number;
  y: number;
  w: number;
  title: string;
  text: string;
}

function frames(svg: string): Rect[] {
  const re = /<g><title>([^<]*)<\/title><rect class="frame" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"[^>]*\/>(?:<text[^>]*>([^<]*)<\/text>)?<\/g>/g;
  return [...svg.matchAll(re)].map((m) => ({ title: m[1]!, x: Number(m[2]), y: Number(m[3]), w: Number(m[4]), text: m[5] ?? '' }));
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

describe('renderSvg', () => {
  const folded = foldProfile(profile(), { root: ROOT_DIR }).stacks;
  const WIDTH = 1000;
  const scale = (WIDTH - 2 * PAD_X) / 6000;

  it('draws one rect per frame, widths proportional to time, children sorted, root at the bottom', () => {
    const { svg, frames: count } = renderSvg(folded, { title: 't', width: WIDTH });
    const rects = frames(svg);
    expect(count).toBe(6);
    expect(rects).toHaveLength(6);
    expect(svg.match(/<rect class="frame"/g)).toHaveLength(6);
    const byLabel = Object.fromEntries(rects.map((r) => [unescape(r.title).split(' — ')[0]!, r]));
    const expected: Record<string, [number, number]> = {
      [ANON]: [500, PAD_X],
      [GC]: [1000, PAD_X + 500 * scale],
      [MAIN]: [4500, PAD_X + 1500 * scale],
      [EVIL]: [2000, PAD_X + 1500 * scale],
      [B]: [2500, PAD_X + 3500 * scale],
      [DEEP]: [500, PAD_X + 3500 * scale],
    };
    for (const [label, [us, x]] of Object.entries(expected)) {
      expect(byLabel[label], label).toBeDefined();
      expect(byLabel[label]!.w).toBeCloseTo(us * scale, 1);
      expect(byLabel[label]!.x).toBeCloseTo(x, 1);
    }
    const rowY = (label: string) => byLabel[label]!.y;
    expect(rowY(ANON)).toBe(rowY(MAIN));
    expect(rowY(EVIL)).toBe(rowY(MAIN) - 16);
    expect(rowY(DEEP)).toBe(rowY(MAIN) - 32);
    expect(unescape(byLabel[MAIN]!.title)).toBe(`${MAIN} — 4.50 ms (75.00 %)`);
  });

  it('drops frames narrower than minWidthPx, and everything above them', () => {
    const { svg, frames: count } = renderSvg(folded, { title: 't', width: WIDTH, minWidthPx: 100 });
    const labels = frames(svg).map((r) => unescape(r.title).split(' — ')[0]);
    expect(count).toBe(4);
    expect(labels.sort()).toEqual([GC, EVIL, B, MAIN].sort());
    const onlyMain = renderSvg(new Map([[`${MAIN};${DEEP}`, 1], [GC, 999]]), { title: 't', width: WIDTH, minWidthPx: 2 });
    expect(frames(onlyMain.svg).map((r) => unescape(r.title).split(' — ')[0])).toEqual([GC]);
  });

  it('escapes labels, title and subtitle, and stays well-formed', () => {
    const { svg } = renderSvg(folded, { title: 'R&D <cpu>', subtitle: `it's "busy"`, width: WIDTH });
    expect(svg).toContain('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(svg).toContain('R&amp;D &lt;cpu&gt;');
    expect(svg).toContain('it&apos;s &quot;busy&quot;');
    expect(svg).not.toContain('a<b>');
    expect(svg).not.toMatch(/<script|onclick|onload/i);
    expect(() => new Resvg(svg, { font: { loadSystemFonts: false } }).render()).not.toThrow();
    expect(escapeXml('x\u0001y&')).toBe('xy&amp;');
  });

  it('truncates labels to the frame width and leaves tiny frames unlabelled', () => {
    const rects = frames(renderSvg(folded, { title: 't', width: 300 }).svg);
    for (const r of rects) {
      const text = unescape(r.text);
      expect(Array.from(text).length * CHAR_PX, r.title).toBeLessThanOrEqual(r.w - 6);
    }
    expect(rects.some((r) => r.text.endsWith('…'))).toBe(true);
    expect(fitLabel('abcdefghij', 6 + 10 * CHAR_PX)).toBe('abcdefghij');
    expect(fitLabel('abcdefghij', 6 + 9 * CHAR_PX)).toBe('abcdefgh…');
    expect(fitLabel('abcdefghij', 6 + 2 * CHAR_PX)).toBe('');
  });

  it('colours frames by category, the same way every time', () => {
    expect([MAIN, B, ANON, EVIL, GC, '(program)', 'JSON.parse'].map(frameCategory)).toEqual(['project', 'project', 'dependency', 'node', 'system', 'system', 'other']);
    const red = (label: string) => parseInt(frameColour(label).slice(1, 3), 16);
    const blue = (label: string) => parseInt(frameColour(label).slice(5, 7), 16);
    expect(blue(EVIL)).toBeGreaterThan(red(EVIL));
    expect(red(MAIN)).toBeGreaterThan(blue(MAIN) + 100);
    expect(frameColour(MAIN)).toMatch(/^#[0-9a-f]{6}$/);
    const a = renderSvg(folded, { title: 't' }).svg;
    const b = renderSvg(new Map([...folded].reverse()), { title: 't' }).svg;
    expect(b).toBe(a);
  });

  it('says so when the window holds no samples', () => {
    const { svg, frames: count } = renderSvg(new Map(), { title: 't' });
    expect(count).toBe(0);
    expect(svg).toContain('no samples in this window');
  });
});
