// The redactor against adversarial text: around the key, text made of the very characters its spellings
// are built from (backslashes, 'u', hex digits, '%', '+', the key's own characters and broken starts of
// its spellings), where a matcher is most likely to misjudge where a spelling starts or ends. The
// properties in tests/main/realtime use arbitrary surrounding text; these use the hard kind.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { containsSecret, redactKey, redactSecrets, redactValue } from '../../src/main/realtime/redact';
import { TextStreamRedactor } from '../../src/main/realtime/stream-redactor';
import { anyKey, decodings, pieces, spelled } from '../support/key-spellings';

function noKeyIn(text: string, key: string): void {
  for (const decoded of decodings(text)) expect(decoded.includes(key)).toBe(false);
  expect(containsSecret(text, key)).toBe(false);
}

/** Text that looks like the key's spellings without being one: single characters and cut-off spellings. */
function nearText(key: string): fc.Arbitrary<string> {
  const units = [...new Set([...key, '\\', 'u', 'U', '0', '%', '+', ' ', '"', ...'0123456789abcdefABCDEF'])];
  const brokenSpelling = spelled(key).chain((s) => fc.nat(Math.max(0, s.length - 1)).map((n) => s.slice(0, n)));
  return fc.array(fc.oneof(fc.constantFrom(...units), brokenSpelling), { maxLength: 12 }).map((parts) => parts.join(''));
}

/** Adversarial text with the key spelled somewhere in it, one to three times. */
const keyInNearText = anyKey.chain((key) =>
  fc.tuple(fc.constant(key), fc.array(fc.tuple(nearText(key), spelled(key)), { minLength: 1, maxLength: 3 }), nearText(key)).map(([k, parts, tail]) => ({
    key: k,
    text: parts.map(([near, spelling]) => near + spelling).join('') + tail,
  })),
);

describe('redactor fuzz: adversarial surroundings', () => {
  it('removes every spelling of the key, whatever is around it', () => {
    fc.assert(
      fc.property(keyInNearText, ({ key, text }) => {
        expect(containsSecret(text, key)).toBe(true);
        noKeyIn(redactKey(text, key), key);
        noKeyIn(redactSecrets(text, key), key);
      }),
      { numRuns: 1500 },
    );
  });

  it('streams the same text as the whole, split anywhere, with nothing lost and no key out', () => {
    fc.assert(
      fc.property(
        keyInNearText.chain(({ key, text }) => fc.tuple(fc.constant(key), fc.constant(text), pieces(text))),
        ([key, text, deltas]) => {
          const stream = new TextStreamRedactor(key);
          const out = [...deltas.map((d) => stream.push(d)), stream.flush()];
          expect(out.join('')).toBe(redactKey(text, key));
          for (const piece of out) expect(piece.includes(key)).toBe(false);
        },
      ),
      { numRuns: 800 },
    );
  });

  it('removes the key from every string of nested data, names of fields included', () => {
    const nested = keyInNearText.chain(({ key, text }) =>
      fc.tuple(fc.constant(key), fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('value', 'field'), fc.constant(text)),
    );
    fc.assert(
      fc.property(nested, ([key, junk, where, text]) => {
        const data = where === 'value' ? { junk, error: { message: text } } : { junk, error: { [text]: 1 } };
        noKeyIn(JSON.stringify(redactValue(data, key)), key);
      }),
      { numRuns: 500 },
    );
  });
});
