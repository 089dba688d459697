// Standard (RFC 4648 §4) base64 without Node's Buffer, so the same code runs in the main process and
// in the renderer. Audio arrives as ~50 deltas a second, so decode/encode use lookup tables.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 61; // '='

// Char code → 6-bit value, or 255 for anything outside the alphabet.
const DECODE = new Uint8Array(256).fill(255);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

// 6-bit value → char code, written into a byte buffer that becomes the string in a few large steps.
const ENCODE = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
// Arguments per String.fromCharCode call: well under every engine's argument limit.
const STRING_CHUNK = 0x8000;

/**
 * True for padded standard base64: length a multiple of 4, only the 64-character alphabet, and at most
 * two '=' at the very end. The empty string is valid (an empty audio chunk).
 */
export function isValidBase64(s: string): boolean {
  const n = s.length;
  if (n % 4 !== 0) return false;
  if (n === 0) return true;
  let end = n;
  if (s.charCodeAt(n - 1) === PAD) end = s.charCodeAt(n - 2) === PAD ? n - 2 : n - 1;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c > 255 || DECODE[c] === 255) return false;
  }
  return true;
}

/** Decoded byte length of a valid base64 string. */
export function base64ByteLength(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  const pad = s.charCodeAt(n - 1) === PAD ? (s.charCodeAt(n - 2) === PAD ? 2 : 1) : 0;
  return (n / 4) * 3 - pad;
}

/** Decodes padded standard base64; throws on anything `isValidBase64` rejects. */
export function base64ToBytes(s: string): Uint8Array {
  if (!isValidBase64(s)) throw new Error('not valid base64');
  const out = new Uint8Array(base64ByteLength(s));
  const full = out.length - (out.length % 3);
  let o = 0;
  let i = 0;
  // Validation above guarantees every char in these groups is in the alphabet.
  for (; o < full; i += 4, o += 3) {
    const v =
      ((DECODE[s.charCodeAt(i)] as number) << 18) |
      ((DECODE[s.charCodeAt(i + 1)] as number) << 12) |
      ((DECODE[s.charCodeAt(i + 2)] as number) << 6) |
      (DECODE[s.charCodeAt(i + 3)] as number);
    out[o] = v >> 16;
    out[o + 1] = (v >> 8) & 255;
    out[o + 2] = v & 255;
  }
  const rest = out.length - full;
  if (rest > 0) {
    const v = ((DECODE[s.charCodeAt(i)] as number) << 18) | ((DECODE[s.charCodeAt(i + 1)] as number) << 12);
    out[o] = v >> 16;
    if (rest === 2) out[o + 1] = ((v | ((DECODE[s.charCodeAt(i + 2)] as number) << 6)) >> 8) & 255;
  }
  return out;
}

/** Encodes bytes as padded standard base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const full = n - (n % 3);
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  for (let i = 0; i < full; i += 3, o += 4) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o] = ENCODE[v >> 18] as number;
    out[o + 1] = ENCODE[(v >> 12) & 63] as number;
    out[o + 2] = ENCODE[(v >> 6) & 63] as number;
    out[o + 3] = ENCODE[v & 63] as number;
  }
  const rest = n - full;
  if (rest > 0) {
    const v = ((bytes[full] as number) << 16) | (rest === 2 ? (bytes[full + 1] as number) << 8 : 0);
    out[o] = ENCODE[v >> 18] as number;
    out[o + 1] = ENCODE[(v >> 12) & 63] as number;
    out[o + 2] = rest === 2 ? (ENCODE[(v >> 6) & 63] as number) : PAD;
    out[o + 3] = PAD;
  }
  let s = '';
  for (let i = 0; i < out.length; i += STRING_CHUNK) {
    s += String.fromCharCode.apply(null, out.subarray(i, i + STRING_CHUNK) as unknown as number[]);
  }
  return s;
}
