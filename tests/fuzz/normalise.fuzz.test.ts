// Real server events, in both dialects, damaged the ways a buggy or hostile server could damage them:
// fields dropped, retyped, renamed, swapped for huge strings or deep junk, at any depth. The property
// tests next to the normaliser cover arbitrary text and one top-level field; these reach the mapping
// code (sessions, items, parts, responses) with realistic shapes around the damage.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normaliseServerFrame } from '../../src/shared/protocol/normalise';
import { SERVER_EVENT_SCHEMAS, isKnownServerEventType } from '../../src/shared/protocol/server-schema';
import { BETA_EVENTS, GA_ASSISTANT_ITEM, GA_RENAMED, GA_SESSION } from '../shared/protocol/fixtures/server-events';

const CODES = ['invalid_json', 'not_an_object', 'missing_type', 'unknown_event', 'invalid_fields', 'invalid_base64'];

const REAL_EVENTS: Record<string, unknown>[] = [
  ...Object.values(BETA_EVENTS),
  ...GA_RENAMED.map(([frame]) => frame),
  { type: 'session.created', event_id: 'g8', session: GA_SESSION },
  { type: 'session.updated', event_id: 'g9', session: GA_SESSION },
  { type: 'response.output_item.done', event_id: 'g10', response_id: 'resp_1', output_index: 0, item: GA_ASSISTANT_ITEM },
  {
    type: 'response.done',
    event_id: 'g11',
    response: { id: 'resp_1', object: 'realtime.response', status: 'completed', output: [GA_ASSISTANT_ITEM], output_modalities: ['audio'], audio: { output: { voice: 'marin', format: { type: 'audio/pcm', rate: 24000 } } } },
  },
];

// Names the mapping code looks for, so a rename can turn one valid shape into another.
const FIELD_NAMES = ['type', 'session', 'item', 'response', 'part', 'content', 'output', 'audio', 'input', 'format', 'voice', 'modalities', 'output_modalities', 'error', 'delta', 'transcript', 'role', 'id', 'item_id', '__proto__', 'constructor'];

const huge = fc.constantFrom('A'.repeat(300_000), '\\'.repeat(100_000), '%'.repeat(50_000), 'é😀'.repeat(50_000));
const deepJunk = fc.nat({ max: 2000 }).map((depth) => JSON.parse('['.repeat(depth) + '{}' + ']'.repeat(depth)) as unknown);
const replacement = fc.oneof({ weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) }, huge, deepJunk, fc.constantFrom(...REAL_EVENTS));

type Mutation = { path: number[]; op: 'drop' | 'retype' | 'rename'; value: unknown; name: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
  op: fc.constantFrom('drop', 'retype', 'rename'),
  value: replacement,
  name: fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 20 }), fc.constant('k'.repeat(20_000))),
});

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/** Follows `path` (each step picks a child by index modulo the child count) and applies the change there. */
function mutate(root: Container, m: Mutation): void {
  let at: Container = root;
  for (const [depth, step] of m.path.entries()) {
    const keys = Object.keys(at);
    if (keys.length === 0) return;
    const key = keys[step % keys.length] as string;
    const child: unknown = (at as Record<string, unknown>)[key];
    if (depth < m.path.length - 1 && isContainer(child)) {
      at = child;
      continue;
    }
    const target = at as Record<string, unknown>;
    if (m.op === 'drop') delete target[key];
    // A copy: the value may be a shared fixture, which a later mutation would otherwise damage for good.
    else if (m.op === 'retype') target[key] = structuredClone(m.value);
    else if (!Array.isArray(at)) {
      delete target[key];
      Object.defineProperty(target, m.name, { value: child, enumerable: true, configurable: true, writable: true });
    }
    return;
  }
}

const mutatedEvent = fc
  .tuple(fc.constantFrom(...REAL_EVENTS), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([event, mutations]) => {
    const copy = structuredClone(event);
    for (const m of mutations) mutate(copy, m);
    return JSON.stringify(copy);
  });

function check(frame: string): void {
  const result = normaliseServerFrame(frame);
  if (result.ok) {
    expect(isKnownServerEventType(result.event.type)).toBe(true);
    // What comes out is an event the rest of the client can trust: it passes its own schema again.
    expect(SERVER_EVENT_SCHEMAS[result.event.type].safeParse(result.event).success).toBe(true);
    expect([null, 'ga', 'beta']).toContain(result.dialect);
  } else {
    expect(CODES).toContain(result.error.code);
    expect(result.error.excerpt).toBe(frame.slice(0, 200));
    // Messages are logged and shown; they name fields but must not grow with the frame.
    expect(result.error.message.length).toBeLessThan(2_000);
    expect((result.error.eventType ?? '').length).toBeLessThanOrEqual(200);
  }
}

describe('normaliser fuzz: mutated real events', () => {
  it('never throws, and returns a valid event or a typed protocol error', () => {
    const fixtures = JSON.stringify(REAL_EVENTS);
    fc.assert(fc.property(mutatedEvent, check), { numRuns: 3000 });
    expect(JSON.stringify(REAL_EVENTS)).toBe(fixtures);
  });

  it('does the same when the damage is a truncation or a splice of the serialised frame', () => {
    const spliced = fc
      .tuple(fc.constantFrom(...REAL_EVENTS), fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 10 }))
      .map(([event, at, cut, insert]) => {
        const text = JSON.stringify(event);
        const from = at % (text.length + 1);
        return text.slice(0, from) + insert + text.slice(from + cut);
      });
    fc.assert(fc.property(spliced, check), { numRuns: 1500 });
  });
});
