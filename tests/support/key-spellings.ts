// Generators for the ways a server can send the API key back, for "the key never comes out" properties.
import fc from 'fast-check';

const KEY_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'];
/**
 * Characters real keys do not hold but a key setting could, each with spellings of its own. Not '*'
 * (the placeholder could rebuild such a key) and not '\' (an escape character in every form).
 */
const ODD_CHARS = [...' +%/".~é€😀'];

/** A key as services issue them. */
export const realisticKey = fc.string({ unit: fc.constantFrom(...KEY_CHARS), minLength: 8, maxLength: 64 });
/** A key with characters that have several spellings, some sharing a start ('%' and '%25'). */
export const oddKey = fc.string({ unit: fc.constantFrom(...KEY_CHARS, ...ODD_CHARS), minLength: 8, maxLength: 40 });
export const anyKey = fc.oneof(realisticKey, oddKey);

const SHORT: Readonly<Record<string, string>> = { '"': '"', '/': '/' };
const hex = (n: number, digits: number, upper: boolean): string => {
  const h = n.toString(16).padStart(digits, '0');
  return upper ? h.toUpperCase() : h;
};

/**
 * One character in one of the spellings a server could use: itself, `\uXXXX` (hex in either case, behind
 * 1–3 backslashes), percent-encoded, a JSON short escape, or '+' for a space. Inside a JSON string
 * (`inJson`) a character JSON must escape is never left raw.
 */
function spellChar(char: string, way: number, backslashes: number, inJson: boolean): string {
  const slashes = '\\'.repeat(backslashes);
  const units = char.split('').map((c) => c.charCodeAt(0));
  switch (way) {
    case 1:
    case 2:
      return units.map((u) => `${slashes}u${hex(u, 4, way === 2)}`).join('');
    case 3:
    case 4:
      return [...Buffer.from(char)].map((b) => `%${hex(b, 2, way === 4)}`).join('');
    case 5:
      // An even run before '"' would escape only itself and end a JSON string.
      if (SHORT[char] !== undefined) return `${char === '"' ? '\\'.repeat(backslashes | 1) : slashes}${SHORT[char]}`;
      break;
    case 6:
      if (char === ' ') return '+';
      break;
  }
  return inJson ? JSON.stringify(char).slice(1, -1) : char;
}

/** `key` spelled with an independent choice of spelling for every character. */
export function spelled(key: string, inJson = false): fc.Arbitrary<string> {
  const chars = [...key];
  return fc
    .array(fc.tuple(fc.nat(6), fc.integer({ min: 1, max: 3 })), { minLength: chars.length, maxLength: chars.length })
    .map((ways) => chars.map((c, i) => spellChar(c, ways[i]?.[0] ?? 0, ways[i]?.[1] ?? 1, inJson)).join(''));
}

/** Cuts `text` at arbitrary points into any number of pieces (some may be empty). */
export function pieces(text: string): fc.Arbitrary<string[]> {
  return fc.array(fc.nat(text.length), { maxLength: 12 }).map((cuts) => {
    const at = [0, ...cuts.sort((a, b) => a - b), text.length];
    return at.slice(1).map((end, i) => text.slice(at[i], end));
  });
}

/** `text`, and what a JSON-string or URL decoder makes of it where one applies: none may hold the key. */
export function decodings(text: string): string[] {
  const out = [text];
  try {
    out.push(JSON.parse(`"${text}"`) as string);
  } catch {
    // not a JSON string body
  }
  try {
    out.push(decodeURIComponent(text.replace(/\+/g, ' ')));
  } catch {
    // not URL-encoded
  }
  return out;
}
