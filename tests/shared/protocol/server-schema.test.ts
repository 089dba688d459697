import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SERVER_EVENT_SCHEMAS } from '../../../src/shared/protocol/server-schema';

// Audio deltas must be padded standard base64 (RFC 4648 §4); zod's z.base64() is the check.
const audioDelta = (delta: string): boolean =>
  SERVER_EVENT_SCHEMAS['response.audio.delta'].safeParse({ type: 'response.audio.delta', delta }).success;

// Independent oracle for the accepted language.
const PADDED_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

describe('audio delta base64', () => {
  it('accepts the RFC 4648 vectors, the empty chunk and what Node encodes', () => {
    for (const s of ['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy']) expect(audioDelta(s), s).toBe(true);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => audioDelta(Buffer.from(bytes).toString('base64'))));
  });

  it('rejects what is not padded standard base64', () => {
    for (const s of ['A', 'AA', 'AAA', 'AAAAA', 'Zg', 'AA=A', '=AAA', 'A===', 'AAAA====', 'AA==AAAA', 'AA-_', 'AA A', 'AAA\n', ' AAAA', 'ÄAAA', 'AA\u0141A']) {
      expect(audioDelta(s), JSON.stringify(s)).toBe(false);
    }
  });

  it('agrees with a regular-expression oracle on arbitrary strings', () => {
    const alphabetish = fc.string({ unit: fc.constantFrom(...'AZaz09+/=-_ \n\u00c4'.split('')), maxLength: 24 });
    fc.assert(
      fc.property(fc.oneof(fc.string(), alphabetish), (s) => {
        expect(audioDelta(s)).toBe(PADDED_BASE64.test(s));
      }),
      { numRuns: 5000 },
    );
  });
});
