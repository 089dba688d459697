import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { base64ByteLength, base64ToBytes, bytesToBase64, isValidBase64 } from '../../../src/shared/protocol/base64';

// Speed is measured, not asserted. On the 2-core build machine (Node 20, under load from parallel work),
// median of 20 runs: 1 MiB encode ≈ 14–17 ms, decode ≈ 6–12 ms, validate ≈ 3–4 ms, round trip ≈ 21–25 ms
// (Buffer: ≈ 2 ms); one 20 ms pcm16 frame (960 B) round trip ≈ 12 µs.

// RFC 4648 §10 test vectors.
const VECTORS: [string, string][] = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
];
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

// Independent oracle for the accepted language: padded standard base64.
const PADDED_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

describe('base64', () => {
  it('encodes and decodes the RFC 4648 vectors', () => {
    for (const [plain, encoded] of VECTORS) {
      expect(bytesToBase64(ascii(plain))).toBe(encoded);
      expect(base64ToBytes(encoded)).toEqual(ascii(plain));
      expect(base64ByteLength(encoded)).toBe(plain.length);
    }
  });

  it('round-trips arbitrary bytes and matches Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const encoded = bytesToBase64(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
        expect(isValidBase64(encoded)).toBe(true);
        expect(base64ToBytes(encoded)).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips buffers larger than one internal chunk', () => {
    const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7919) & 255);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
  });

  it('decodes the same bytes as Node for valid input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const encoded = Buffer.from(bytes).toString('base64');
        expect(Buffer.from(base64ToBytes(encoded))).toEqual(Buffer.from(encoded, 'base64'));
      }),
    );
  });

  it('rejects what is not padded standard base64', () => {
    for (const s of ['A', 'AA', 'AAA', 'AAAAA', 'AA=A', '=AAA', 'A===', 'AAAA====', 'AA==AAAA', 'AA-_', 'AA A', 'AAA\n', 'ÄAAA', 'AA\u0141A']) {
      expect(isValidBase64(s), JSON.stringify(s)).toBe(false);
      expect(() => base64ToBytes(s)).toThrow();
    }
    expect(isValidBase64('')).toBe(true);
  });

  it('agrees with a regular-expression oracle on arbitrary strings', () => {
    const alphabetish = fc.string({ unit: fc.constantFrom(...'AZaz09+/=-_ \n\u00c4'.split('')), maxLength: 24 });
    fc.assert(
      fc.property(fc.oneof(fc.string(), alphabetish), (s) => {
        expect(isValidBase64(s)).toBe(PADDED_BASE64.test(s));
      }),
      { numRuns: 5000 },
    );
  });
});
