// Standard (RFC 4648 §4) base64 without Node's Buffer, so the same code runs in the main process and
// in the renderer. Audio arrives as ~50 deltas a second, so decode/encode use lookup tables.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 61; // '='

// Char code → 6-bit value, or 255 for anything outside the alphabet.
const DECODE = new Uint8Array(256).fill(255);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

// 12-bit value → its two output characters, so encoding does one lookup per 12 bits.
const PAIRS: string[] = [];
for (let i = 0; i < 4096; i++) PAIRS.push(ALPHABET.charAt(i >> 6) + ALPHABET.charAt(i & 63));

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
  // Collecting pieces and joining once keeps large buffers linear instead of building a deep rope.
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < full; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    chunk += (PAIRS[v >> 12] as string) + (PAIRS[v & 4095] as string);
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = n - full;
  if (rest === 1) {
    const v = (bytes[full] as number) << 4;
    chunk += (PAIRS[v] as string) + '==';
  } else if (rest === 2) {
    const v = ((bytes[full] as number) << 10) | ((bytes[full + 1] as number) << 2);
    chunk += (PAIRS[v >> 6] as string) + ALPHABET.charAt(v & 63) + '=';
  }
  parts.push(chunk);
  return parts.join('');
}
