import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { containsSecret, redactKey } from '../../../src/main/realtime/redact';
import { ServerEventRedactor, TextStreamRedactor } from '../../../src/main/realtime/stream-redactor';
import type { ServerEvent } from '../../../src/shared/protocol/events';
import { anyKey, pieces, realisticKey, spelled } from '../../support/key-spellings';

const KEY = 'sk-proj-Stream9Me_0123456789';

/** Streams `parts` through one TextStreamRedactor: what came out after each part, then the flush. */
function stream(parts: string[], key: string): string[] {
  const s = new TextStreamRedactor(key);
  return [...parts.map((p) => s.push(p)), s.flush()];
}

/** Text made of noise, whole spellings of the key and starts of it that go nowhere. */
const textWithKeys = (key: string): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.string({ maxLength: 8 }), spelled(key), fc.nat(key.length - 1).map((n) => key.slice(0, n))), { maxLength: 6 })
    .map((parts) => parts.join(''));

describe('TextStreamRedactor', () => {
  it('holds back only what could begin the key, and lets it go once it cannot', () => {
    const s = new TextStreamRedactor(KEY);
    expect(s.push('The key is sk-pr')).toBe('The key is ');
    expect(s.push('oj-nope')).toBe('sk-proj-nope');
    expect(s.push('; again sk-proj-Str')).toBe('; again ');
    expect(s.push('eam9Me_0123456789 done')).toBe('*** done');
    expect(s.push('%73')).toBe('');
    expect(s.flush()).toBe('%73');
    expect(s.flush()).toBe('');
  });

  it('never lets out a key split at any points across any number of deltas, and loses nothing (property)', () => {
    fc.assert(
      fc.property(
        anyKey.chain((key) => fc.tuple(fc.constant(key), textWithKeys(key))).chain(([key, text]) => fc.tuple(fc.constant(key), fc.constant(text), pieces(text))),
        ([key, text, parts]) => {
          const out = stream(parts, key);
          expect(out.join('')).toBe(redactKey(text, key));
          expect(containsSecret(out.join(''), key)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('passes everything through at once for a placeholder key', () => {
    expect(stream(['k', 'ey k'], 'k')).toEqual(['k', 'ey k', '']);
  });
});

const ref = (item: string, response = 'resp_1') => ({ response_id: response, item_id: item, output_index: 0, content_index: 0 });
const textDelta = (delta: string, item = 'item_1', response = 'resp_1'): ServerEvent => ({ type: 'response.text.delta', ...ref(item, response), delta });
const transcriptDelta = (delta: string, item = 'item_2'): ServerEvent => ({ type: 'response.audio_transcript.delta', ...ref(item), delta });
const deltasOf = (events: ServerEvent[], item: string): string =>
  events.map((e) => ('delta' in e && 'item_id' in e && e.item_id === item && e.type !== 'response.audio.delta' ? e.delta : '')).join('');

describe('ServerEventRedactor', () => {
  it('keeps each stream apart and flushes what it held just before the stream ends', () => {
    const r = new ServerEventRedactor(KEY);
    const out = [
      ...r.redact(textDelta('Key: sk-proj-')),
      ...r.redact(transcriptDelta('Said sk-proj-Str')),
      ...r.redact(textDelta('Stream9Me_0123456789 and s')),
      ...r.redact(transcriptDelta('eam9Me_0123456789!')),
      ...r.redact({ type: 'response.text.done', ...ref('item_1'), text: `Key: ${KEY} and s` }),
    ];
    expect(deltasOf(out, 'item_1')).toBe('Key: *** and s');
    expect(deltasOf(out, 'item_2')).toBe('Said ***!');
    // The held "s" comes out as one more delta, with the stream's ids, right before the done.
    expect(out.slice(-2)).toEqual([textDelta('s'), { type: 'response.text.done', ...ref('item_1'), text: 'Key: *** and s' }]);
    expect(JSON.stringify(out)).not.toContain(KEY);
  });

  it('emits one event for every delta, even when all of it is held', () => {
    const r = new ServerEventRedactor(KEY);
    expect(r.redact(textDelta('sk-'))).toEqual([textDelta('')]);
  });

  it('flushes the streams of a response that ends without their done events, and all streams on request', () => {
    const r = new ServerEventRedactor(KEY);
    r.redact(textDelta('cut at sk', 'item_a', 'resp_a'));
    r.redact(textDelta('other sk', 'item_b', 'resp_b'));
    r.redact({ type: 'conversation.item.input_audio_transcription.delta', item_id: 'item_c', delta: 'heard sk-p' });
    const done: ServerEvent = { type: 'response.done', response: { id: 'resp_a', status: 'cancelled' } };
    expect(r.redact(done)).toEqual([textDelta('sk', 'item_a', 'resp_a'), done]);
    expect(r.flushAll()).toEqual([
      textDelta('sk', 'item_b', 'resp_b'),
      { type: 'conversation.item.input_audio_transcription.delta', item_id: 'item_c', delta: 'sk-p' },
    ]);
    expect(r.flushAll()).toEqual([]);
  });

  it('flushes deltas streamed without ids when any response ends', () => {
    const r = new ServerEventRedactor(KEY);
    expect(r.redact(textDelta('Yes', '', ''))).toEqual([textDelta('Ye', '', '')]);
    const done: ServerEvent = { type: 'response.done', response: { id: 'resp_9', status: 'completed' } };
    expect(r.redact(done)).toEqual([textDelta('s', '', ''), done]);
  });

  it('redacts every string of other events, and credentials too in errors', () => {
    const r = new ServerEventRedactor(KEY);
    const escaped = KEY.split('').map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const [error] = r.redact({ type: 'error', error: { type: 'invalid_request_error', message: `bad ${KEY}, Bearer other-token`, param: escaped } });
    expect(error).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'bad ***, Bearer ***', param: '***' } });
    const item: ServerEvent = { type: 'conversation.item.created', item: { id: 'i', type: 'message', role: 'user', content: [{ type: 'input_text', text: `my key ${KEY}` }] } };
    expect(JSON.stringify(r.redact(item))).not.toContain(KEY);
    const audio: ServerEvent = { type: 'response.audio.delta', ...ref('item_1'), delta: 'AAAA' };
    expect(r.redact(audio)[0]).toBe(audio);
  });

  it('never lets a key out of interleaved streams split at any points (property)', () => {
    fc.assert(
      fc.property(
        realisticKey.chain((key) => fc.tuple(fc.constant(key), textWithKeys(key), textWithKeys(key))).chain(([key, a, b]) =>
          fc.tuple(fc.constant(key), fc.constant(a), fc.constant(b), pieces(a), pieces(b), fc.array(fc.boolean(), { maxLength: 30 })),
        ),
        ([key, a, b, partsA, partsB, order]) => {
          const r = new ServerEventRedactor(key);
          const out: ServerEvent[] = [];
          const queues = [partsA.map((p) => textDelta(p, 'item_a')), partsB.map((p) => transcriptDelta(p, 'item_b'))];
          for (const pickB of order) {
            const next = queues[pickB ? 1 : 0]?.shift();
            if (next) out.push(...r.redact(next));
          }
          for (const rest of queues.flat()) out.push(...r.redact(rest));
          out.push(...r.redact({ type: 'response.done', response: { id: 'resp_1', status: 'completed' } }));
          expect(deltasOf(out, 'item_a')).toBe(redactKey(a, key));
          expect(deltasOf(out, 'item_b')).toBe(redactKey(b, key));
          expect(JSON.stringify(out)).not.toContain(key);
        },
      ),
      { numRuns: 200 },
    );
  });
});
