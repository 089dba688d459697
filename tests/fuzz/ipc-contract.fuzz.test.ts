// Every request and event of the IPC contract fed arbitrary payloads: dispatch never throws, a handler
// only ever sees input its schema accepts, and a refusal quotes only a bounded part of what was sent.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EVENT_NAMES, REQUEST_NAMES, events, requests, type RequestName } from '../../src/shared/ipc/contract';
import { dispatchRequest, type Handlers } from '../../src/shared/ipc/envelope';
import { eventFrameSchema } from '../../src/shared/ipc/frames';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';

type Client = { label: string };
const client: Client = { label: 'fuzz' };

const calls: { name: RequestName; input: unknown }[] = [];
const handlers = Object.fromEntries(
  REQUEST_NAMES.map((name) => [
    name,
    (input: unknown) => {
      calls.push({ name, input });
      return { ok: true };
    },
  ]),
) as unknown as Handlers<Client>;

// Field names the schemas know, so generated objects often get past the first check.
const KNOWN_FIELDS = ['text', 'key', 'mode', 'on', 'deviceId', ...Object.keys(DEFAULT_SETTINGS)];
const nearMiss = fc.dictionary(fc.oneof(fc.constantFrom(...KNOWN_FIELDS), fc.string({ maxLength: 30 })), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 30_000 })), { maxKeys: 8 });
const payload = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 4 }),
  nearMiss,
  fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withDate: true }),
  fc.constantFrom({ ['x'.repeat(100_000)]: 1 }, Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`unknown${i}`, i]))),
);

/** What a refusal may quote at most, whatever the input: 20 issues of two clipped strings and a message. */
const MAX_FAILURE_CHARS = 20 * 2 * 210 + 1_000;

async function check(name: unknown, input: unknown): Promise<void> {
  const before = calls.length;
  const result = await dispatchRequest(handlers, name, input, client);
  const call = calls[before];
  if (call) {
    expect(calls).toHaveLength(before + 1);
    expect(call.name).toBe(name);
    // Validated input (trimmed, defaults applied) is itself valid input.
    expect(requests[call.name].input.safeParse(call.input).success).toBe(true);
  } else {
    expect(result.ok).toBe(false);
  }
  if (!result.ok) {
    expect(JSON.stringify(result).length).toBeLessThanOrEqual(MAX_FAILURE_CHARS);
    expect(result.error.message.length).toBeLessThan(1_000);
  }
}

describe('IPC contract fuzz', () => {
  it('dispatches arbitrary payloads to every request without throwing, reaching handlers only when valid', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...REQUEST_NAMES), payload, check), { numRuns: 3000 });
  });

  it('refuses arbitrary request names without throwing', async () => {
    const name = fc.oneof(fc.string({ maxLength: 200 }), fc.anything({ maxDepth: 1, withNullPrototype: true, withBigInt: true }));
    await fc.assert(fc.asyncProperty(name, payload, check), { numRuns: 500 });
  });

  it('validates arbitrary payloads for every event without throwing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EVENT_NAMES), payload, (event, value) => {
        const direct = events[event].safeParse(value);
        const framed = eventFrameSchema.safeParse({ event, payload: value });
        expect(framed.success).toBe(direct.success);
      }),
      { numRuns: 2000 },
    );
  });
});
