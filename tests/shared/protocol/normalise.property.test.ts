import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { normaliseServerFrame } from '../../../src/shared/protocol/normalise';
import { KNOWN_SERVER_EVENT_TYPES } from '../../../src/shared/protocol/server-schema';
import type { NormaliseResult } from '../../../src/shared/protocol/normalise';
import { GA_TO_INTERNAL_EVENT } from '../../../src/shared/protocol/dialect-names';
import { BETA_EVENTS } from './fixtures/server-events';

const CODES = ['invalid_json', 'not_an_object', 'missing_type', 'unknown_event', 'invalid_fields', 'invalid_base64'];
const ALL_TYPES = [...KNOWN_SERVER_EVENT_TYPES, ...Object.keys(GA_TO_INTERNAL_EVENT)];

function check(frame: string): void {
  let result: NormaliseResult | undefined;
  expect(() => {
    result = normaliseServerFrame(frame);
  }).not.toThrow();
  if (!result) throw new Error('no result');
  if (result.ok) {
    expect(KNOWN_SERVER_EVENT_TYPES).toContain(result.event.type);
    expect([null, 'ga', 'beta']).toContain(result.dialect);
  } else {
    expect(CODES).toContain(result.error.code);
    expect(typeof result.error.message).toBe('string');
    expect(result.error.message.length).toBeGreaterThan(0);
    expect(result.error.excerpt).toBe(frame.slice(0, 200));
  }
}

// Known event types with arbitrary field values: this reaches the mapping and schema code, not just the parser.
const knownTypeWithJunk = fc
  .tuple(fc.constantFrom(...ALL_TYPES), fc.dictionary(fc.string(), fc.jsonValue()))
  .map(([type, fields]) => ({ ...fields, type }));

// A valid fixture with one field replaced by an arbitrary JSON value.
const mutatedFixture = fc
  .tuple(fc.constantFrom(...Object.values(BETA_EVENTS)), fc.jsonValue(), fc.nat())
  .map(([event, value, n]) => {
    const keys = Object.keys(event).filter((k) => k !== 'type');
    const key = keys[n % keys.length] as string;
    return { ...event, [key]: value };
  });

describe('normaliseServerFrame never throws', () => {
  it('for arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), check), { numRuns: 2000 });
  });

  it('for arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => check(JSON.stringify(v) ?? 'null')), { numRuns: 2000 });
  });

  it('for known event types with arbitrary fields', () => {
    fc.assert(fc.property(knownTypeWithJunk, (v) => check(JSON.stringify(v))), { numRuns: 3000 });
  });

  it('for valid fixtures with one field mutated', () => {
    fc.assert(fc.property(mutatedFixture, (v) => check(JSON.stringify(v))), { numRuns: 3000 });
  });

  it('for deeply nested and oversized frames', () => {
    check('['.repeat(100_000) + ']'.repeat(100_000));
    check(`{"type":"conversation.item.created","item":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    check(`{"type":"response.done","response":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`);
    check(JSON.stringify({ type: 'response.audio.delta', response_id: 'r', item_id: 'i', output_index: 0, content_index: 0, delta: 'A'.repeat(4_000_000) }));
  });
});
