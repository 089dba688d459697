// Every way the key can be spelled in text that came back from a server. Each character of the key may
// independently appear as itself, percent-encoded (either URL encoding, hex in any case, '+' for a
// space) or JSON-escaped (`\uXXXX` in any case, or a short escape like `\/`), behind any number of
// backslashes, because text that was escaped twice (an error quoting a frame) still holds the key.
// A matcher rather than one regular expression: for a real key that expression takes V8 tens to
// hundreds of milliseconds to compile, and "could this end of the text begin the key" needs one anyway.

/**
 * What one position may hold (its code units), or a whole run of backslashes, at least `run` long. A
 * run is taken whole and never starts right after a backslash: with that, a spelling has at most one
 * end where it starts, and a text full of backslashes costs linear time.
 */
type Atom = string | { run: number };
type Spelling = readonly Atom[];

const BACKSLASH = 0x5c;
const NONE = -1;
/** The text ended inside the spelling. */
const OPEN = -2;

const SHORT_ESCAPES: Readonly<Record<string, Spelling>> = {
  '"': [{ run: 1 }, '"'],
  '/': [{ run: 1 }, '/'],
  '\b': [{ run: 1 }, 'b'],
  '\f': [{ run: 1 }, 'f'],
  '\n': [{ run: 1 }, 'n'],
  '\r': [{ run: 1 }, 'r'],
  '\t': [{ run: 1 }, 't'],
  '\\': [{ run: 2 }],
};

const hexAtoms = (n: number, digits: number): Atom[] =>
  [...n.toString(16).padStart(digits, '0')].map((d) => (/[a-f]/.test(d) ? d + d.toUpperCase() : d));

function spellingsOf(char: string): Spelling[] {
  const units = Array.from({ length: char.length }, (_, i) => char.charCodeAt(i));
  const out: Spelling[] = [units.map((u) => String.fromCharCode(u))];
  if (char === ' ') out.push(['+']);
  out.push([...new TextEncoder().encode(char)].flatMap((byte) => ['%', ...hexAtoms(byte, 2)]));
  out.push(units.flatMap((unit) => [{ run: 1 }, 'u', ...hexAtoms(unit, 4)]));
  const short = SHORT_ESCAPES[char];
  if (short) out.push(short);
  return out;
}

/** Where `spelling` ends when it starts at `start`: an index, NONE, or OPEN. */
function spellingEnd(text: string, start: number, spelling: Spelling): number {
  let at = start;
  for (const atom of spelling) {
    if (at === text.length) return at > start ? OPEN : NONE;
    if (typeof atom === 'string') {
      if (!atom.includes(text.charAt(at))) return NONE;
      at++;
      continue;
    }
    if (text.charCodeAt(at - 1) === BACKSLASH) return NONE;
    let end = at;
    while (text.charCodeAt(end) === BACKSLASH) end++;
    if (end - at < atom.run) return end === text.length ? OPEN : NONE;
    at = end;
  }
  return at;
}

/** How many characters of the key the start filter spells out: enough to make candidates rare. */
const FILTER_CHARS = 4;

const atomSource = (atom: Atom, first: boolean): string =>
  typeof atom === 'string'
    ? `[${[...atom].map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`
    : `${first ? '(?<!\\\\)' : ''}\\\\{${atom.run},}`;
const spellingSource = (atoms: readonly Atom[]): string => atoms.map((a, i) => atomSource(a, i === 0)).join('');
const anyOf = (sources: string[]): string => (sources.length > 0 ? sources.join('|') : '(?!)');

/**
 * A regular expression for where a spelling can start: the first few characters spelled out, or fewer
 * up to the end of the text. Small enough to compile at once; the matcher then checks each candidate.
 */
function startFilter(chars: Spelling[][]): RegExp {
  let rest = '';
  for (let i = Math.min(FILTER_CHARS, chars.length) - 1; i >= 0; i--) {
    const spellings = chars[i] ?? [];
    const whole = anyOf(spellings.map(spellingSource));
    const partial = anyOf(spellings.flatMap((s) => s.slice(1).map((_, end) => spellingSource(s.slice(0, end + 1)))));
    rest = `(?:(?:${whole})${rest}|(?:${partial})$${i > 0 ? '|$' : ''})`;
  }
  return new RegExp(rest || '(?!)', 'g');
}

export class KeySpellings {
  private readonly chars: Spelling[][];
  private readonly starts: RegExp;
  /** What `walk` found for (position, character) states during one search: NONE or OPEN. */
  private readonly tried = new Map<number, number>();

  constructor(key: string) {
    this.chars = [...key].map(spellingsOf);
    this.starts = startFilter(this.chars);
  }

  /** `text` with every complete spelling of the key replaced, leftmost first. */
  replaceAll(text: string, replacement: string): string {
    let out = '';
    let done = 0;
    for (let at = this.nextStart(text, 0); at !== NONE; ) {
      const end = this.search(text, at, false);
      if (end < 0) {
        at = this.nextStart(text, at + 1);
        continue;
      }
      out += text.slice(done, at) + replacement;
      done = end;
      at = this.nextStart(text, end);
    }
    return done === 0 ? text : out + text.slice(done);
  }

  /** Where the longest end of `text` that could begin a spelling, but is not a whole one, starts; else text.length. */
  openTailStart(text: string): number {
    for (let at = this.nextStart(text, 0); at !== NONE; at = this.nextStart(text, at + 1)) {
      if (this.search(text, at, true) === OPEN) return at;
    }
    return text.length;
  }

  private nextStart(text: string, from: number): number {
    this.starts.lastIndex = from;
    return this.starts.exec(text)?.index ?? NONE;
  }

  /** From `start`: the end of a whole spelling (or NONE), or with `open`, OPEN when the text ends inside one. */
  private search(text: string, start: number, open: boolean): number {
    this.tried.clear();
    return this.walk(text, start, 0, open);
  }

  private walk(text: string, at: number, char: number, open: boolean): number {
    if (char === this.chars.length) return open ? NONE : at;
    if (at === text.length) return char > 0 ? OPEN : NONE;
    // Only keys with '%', '+', ' ' or '\' have spellings that share a start, so states rarely repeat.
    const state = at * (this.chars.length + 1) + char;
    const known = this.tried.get(state);
    if (known !== undefined) return known;
    let result = NONE;
    for (const spelling of this.chars[char] ?? []) {
      const end = spellingEnd(text, at, spelling);
      const next = end < 0 ? end : this.walk(text, end, char + 1, open);
      if (next >= 0) return next;
      if (next === OPEN) result = OPEN;
    }
    this.tried.set(state, result);
    return result;
  }
}
