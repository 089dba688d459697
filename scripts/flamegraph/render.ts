// Folds a V8 CPU profile (`node --cpu-prof`) into stacks and draws them as a static SVG flame graph.
// No npm package here makes a static SVG from a .cpuprofile (the viewers are interactive web apps).
// Pure: no file system, no clock, no randomness, so the same profile gives the same bytes.

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  // Older Chrome exports link child to parent instead of parent to children.
  parent?: number;
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FoldOptions {
  fromMs?: number;
  toMs?: number;
  // Absolute project directory, stripped from script paths so labels read `src/…`.
  root?: string;
}

export interface FoldResult {
  stacks: Map<string, number>;
  totals: { busyUs: number; idleUs: number };
  samples: number;
  durationMs: number;
}

export function parseProfile(json: unknown): CpuProfile {
  const p = json as Partial<CpuProfile> | null;
  if (!p || !Array.isArray(p.nodes) || !Array.isArray(p.samples) || !Array.isArray(p.timeDeltas)) {
    throw new Error('not a V8 CPU profile: expected nodes, samples and timeDeltas arrays');
  }
  if (typeof p.startTime !== 'number' || typeof p.endTime !== 'number') throw new Error('not a V8 CPU profile: no startTime/endTime');
  if (p.samples.length !== p.timeDeltas.length) throw new Error('not a V8 CPU profile: samples and timeDeltas differ in length');
  return p as CpuProfile;
}

export function frameLocation(url: string, lineNumber: number, root?: string): string {
  if (!url) return '';
  let path = url;
  if (!path.startsWith('node:')) {
    if (path.startsWith('file://')) {
      path = path.slice('file://'.length);
      try {
        path = decodeURIComponent(path);
      } catch {
        // A malformed escape is still a readable path.
      }
    }
    // The last one: a package's own nested dependencies are named by the innermost package.
    const nm = path.lastIndexOf('/node_modules/');
    if (nm >= 0) path = `nm:${path.slice(nm + '/node_modules/'.length)}`;
    else if (root) {
      const prefix = root.endsWith('/') ? root : `${root}/`;
      if (path.startsWith(prefix)) path = path.slice(prefix.length);
    }
  }
  // V8 numbers lines from 0; editors and stack traces from 1.
  return lineNumber >= 0 ? `${path}:${lineNumber + 1}` : path;
}

// `;` separates frames in a folded stack, so it cannot appear inside one.
export function frameLabel(frame: CallFrame, root?: string): string {
  const name = frame.functionName || '(anonymous)';
  const location = frameLocation(frame.url, frame.lineNumber, root);
  return (location ? `${name} ${location}` : name).replaceAll(';', ',');
}

// Sample i was taken at startTime + timeDeltas[0..i] and stands for the time until the next sample (the last
// one until endTime), as Chrome DevTools counts it. V8 can record samples slightly out of order (negative
// deltas); like DevTools they are put back in time order first. The window keeps a sample when the moment it
// was taken, in ms from startTime, lies in [fromMs, toMs]; its whole duration counts, even past toMs.
export function foldProfile(profile: CpuProfile, options: FoldOptions = {}): FoldResult {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    if (node.parent !== undefined) parentOf.set(node.id, node.parent);
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const stackCache = new Map<number, string>();
  const stackOf = (id: number): string => {
    const cached = stackCache.get(id);
    if (cached !== undefined) return cached;
    const labels: string[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parentOf.get(cur)) {
      const node = byId.get(cur);
      if (!node) throw new Error(`profile refers to unknown node ${cur}`);
      if (labels.length > profile.nodes.length) throw new Error(`profile nodes form a cycle at node ${cur}`);
      if (node.callFrame.functionName === '(root)' && !parentOf.has(cur)) break;
      labels.push(frameLabel(node.callFrame, options.root));
    }
    const stack = labels.reverse().join(';');
    stackCache.set(id, stack);
    return stack;
  };

  const count = profile.samples.length;
  const times: number[] = [];
  let at = profile.startTime;
  for (let i = 0; i < count; i++) {
    at += profile.timeDeltas[i] ?? 0;
    times.push(at);
  }
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b);

  const fromMs = options.fromMs ?? -Infinity;
  const toMs = options.toMs ?? Infinity;
  const stacks = new Map<string, number>();
  let busyUs = 0;
  let idleUs = 0;
  let kept = 0;
  for (let k = 0; k < count; k++) {
    const i = order[k]!;
    const taken = times[i]!;
    const next = k + 1 < count ? times[order[k + 1]!]! : Math.max(profile.endTime, taken);
    const ms = (taken - profile.startTime) / 1000;
    if (ms < fromMs || ms > toMs) continue;
    kept++;
    const node = byId.get(profile.samples[i]!);
    if (!node) throw new Error(`sample ${i} refers to unknown node ${profile.samples[i]}`);
    const us = next - taken;
    if (node.callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const stack = stackOf(node.id);
    if (!stack || us <= 0) continue;
    stacks.set(stack, (stacks.get(stack) ?? 0) + us);
    busyUs += us;
  }
  return { stacks, totals: { busyUs, idleUs }, samples: kept, durationMs: (profile.endTime - profile.startTime) / 1000 };
}

export type FrameCategory = 'project' | 'dependency' | 'node' | 'system' | 'other';

export function frameCategory(label: string): FrameCategory {
  if (label === '(garbage collector)' || label === '(program)') return 'system';
  if (label.includes(' nm:')) return 'dependency';
  if (label.includes(' node:')) return 'node';
  if (label.includes(' src/') || label.includes(' out/cli')) return 'project';
  return 'other';
}

// Base colour and how far each channel may move with the label's hash: neighbouring frames of one category
// differ a little, and a frame keeps its colour from one graph to the next.
const PALETTE: Record<FrameCategory, { base: [number, number, number]; spread: [number, number, number]; legend: string }> = {
  project: { base: [228, 118, 40], spread: [22, 60, 30], legend: 'project (src/, out/cli)' },
  dependency: { base: [222, 196, 50], spread: [28, 36, 40], legend: 'node_modules (nm:)' },
  node: { base: [128, 148, 184], spread: [30, 30, 28], legend: 'node: internals' },
  system: { base: [212, 78, 70], spread: [28, 30, 20], legend: '(garbage collector), (program)' },
  other: { base: [176, 176, 168], spread: [30, 30, 30], legend: 'other (V8 builtins, native)' },
};

function hash01(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 0xffffffff;
}

function colour(category: FrameCategory, v: number): string {
  const { base, spread } = PALETTE[category];
  return `#${base.map((c, i) => Math.round(c + spread[i]! * v).toString(16).padStart(2, '0')).join('')}`;
}

export function frameColour(label: string): string {
  return colour(frameCategory(label), hash01(label));
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  // Control characters are not allowed in XML 1.0 at all, escaped or not.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

export interface SvgOptions {
  title: string;
  subtitle?: string;
  width?: number;
  rowHeight?: number;
  minWidthPx?: number;
}

export const PAD_X = 10;
export const CHAR_PX = 7;
const HEADER_PX = 72;
const PAD_BOTTOM = 10;

interface Frame {
  label: string;
  us: number;
  children: Map<string, Frame>;
}

interface Placed {
  label: string;
  us: number;
  depth: number;
  x: number;
  w: number;
}

const num = (x: number): string => String(Math.round(x * 100) / 100);

export function fitLabel(label: string, widthPx: number): string {
  const chars = Math.floor((widthPx - 6) / CHAR_PX);
  const points = Array.from(label);
  if (chars < 3) return '';
  return points.length <= chars ? label : `${points.slice(0, chars - 1).join('')}…`;
}

function buildTree(folded: Map<string, number>): Frame {
  const root: Frame = { label: '', us: 0, children: new Map() };
  for (const [stack, us] of folded) {
    if (!(us > 0)) continue;
    root.us += us;
    let node = root;
    for (const label of stack.split(';')) {
      let child = node.children.get(label);
      if (!child) {
        child = { label, us: 0, children: new Map() };
        node.children.set(label, child);
      }
      child.us += us;
      node = child;
    }
  }
  return root;
}

export function renderSvg(folded: Map<string, number>, options: SvgOptions): { svg: string; frames: number } {
  const { title, subtitle = '', width = 1200, rowHeight = 16, minWidthPx = 0.5 } = options;
  const tree = buildTree(folded);
  const scale = tree.us > 0 ? (width - 2 * PAD_X) / tree.us : 0;
  const placed: Placed[] = [];
  const place = (node: Frame, depth: number, x: number): void => {
    let cx = x;
    // Code-unit order, not localeCompare: the same graph on every machine.
    const kids = [...node.children.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    for (const kid of kids) {
      const w = kid.us * scale;
      if (w > 0 && w >= minWidthPx) {
        placed.push({ label: kid.label, us: kid.us, depth, x: cx, w });
        place(kid, depth + 1, cx);
      }
      cx += w;
    }
  };
  place(tree, 0, PAD_X);

  const depth = placed.reduce((max, f) => Math.max(max, f.depth + 1), 0);
  const height = HEADER_PX + Math.max(depth, 1) * rowHeight + PAD_BOTTOM;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="11">`,
    `<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="#fdfdf8"/>`,
    `<text x="${num(width / 2)}" y="22" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${num(width / 2)}" y="40" text-anchor="middle" font-size="12" fill="#444">${escapeXml(subtitle)}</text>`,
  ];
  let lx = PAD_X;
  for (const [category, { legend }] of Object.entries(PALETTE)) {
    out.push(`<rect class="legend" x="${lx}" y="50" width="10" height="10" fill="${colour(category as FrameCategory, 0.5)}"/>`);
    out.push(`<text x="${lx + 14}" y="59">${escapeXml(legend)}</text>`);
    lx += 14 + legend.length * CHAR_PX + 16;
  }
  if (placed.length === 0) out.push(`<text x="${PAD_X}" y="${HEADER_PX + rowHeight - 4}" fill="#444">no samples in this window</text>`);
  for (const f of placed) {
    const y = HEADER_PX + (depth - 1 - f.depth) * rowHeight;
    const ms = (f.us / 1000).toFixed(2);
    const pct = ((f.us / tree.us) * 100).toFixed(2);
    const text = fitLabel(f.label, f.w);
    out.push(
      `<g><title>${escapeXml(`${f.label} — ${ms} ms (${pct} %)`)}</title>` +
        `<rect class="frame" x="${num(f.x)}" y="${y}" width="${num(f.w)}" height="${rowHeight - 1}" rx="1" fill="${frameColour(f.label)}"/>` +
        (text ? `<text x="${num(f.x + 3)}" y="${num(y + (rowHeight - 1) / 2 + 4)}">${escapeXml(text)}</text>` : '') +
        '</g>',
    );
  }
  out.push('</svg>', '');
  return { svg: out.join('\n'), frames: placed.length };
}

