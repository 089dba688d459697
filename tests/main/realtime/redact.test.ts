import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import WebSocket from 'ws';
import { containsSecret, redactKey, redactKeyInValue, redactSecrets, redactValue } from '../../../src/main/realtime/redact';
import { socketFailure, upgradeFailure, timeoutFailure, closedBeforeSession } from '../../../src/main/realtime/connect-errors';
import { buildConnectTarget } from '../../../src/main/realtime/auth';
import { anyKey, decodings, spelled } from '../../support/key-spellings';

const KEY = 'sk-proj-Redact9Me_0123456789';

describe('redactSecrets', () => {
  it('removes the key wherever it appears', () => {
    const out = redactSecrets(`key ${KEY} and again:${KEY}.`, KEY);
    expect(out).not.toContain(KEY);
    expect(out).toBe('key *** and again:***.');
  });

  it('removes the URL-encoded spellings of the key', () => {
    const odd = 'k y+/=&?~!x-long';
    const query = new URLSearchParams({ x: odd }).toString();
    const component = encodeURIComponent(odd);
    const out = redactSecrets(`a ${query} b ${component} c ${odd}`, odd);
    expect(out).not.toContain(component);
    expect(out).not.toContain(query.slice(2));
    expect(out).not.toContain(odd);
  });

  it('removes any api_key= value even without knowing the key', () => {
    expect(redactSecrets('wss://h/v1/realtime?model=m&api_key=other-secret&x=1', '')).toBe(
      'wss://h/v1/realtime?model=m&api_key=***&x=1',
    );
    expect(redactSecrets('GET /x?API-KEY=abc', '')).toBe('GET /x?API-KEY=***');
  });

  it('removes subprotocol and bearer credentials', () => {
    expect(redactSecrets('protocols: realtime, openai-insecure-api-key.zzz', '')).toBe('protocols: realtime, openai-insecure-api-key.***');
    expect(redactSecrets('Authorization: Bearer zzz', '')).toBe('Authorization: Bearer ***');
  });

  it('treats a very short key as a placeholder: scrubbed as a credential, not as every substring', () => {
    expect(redactSecrets('Check the key in Settings.', 'k')).toBe('Check the key in Settings.');
    expect(redactSecrets('wss://h/x?api_key=k and Bearer k', 'k')).toBe('wss://h/x?api_key=*** and Bearer ***');
    expect(containsSecret('k', 'k')).toBe(false);
  });

  it('leaves text without secrets untouched', () => {
    const s = 'Cannot reach 127.0.0.1:4000 — connection refused. Check the endpoint in Settings.';
    expect(redactSecrets(s, KEY)).toBe(s);
  });

  it('never lets an embedded key survive (property)', () => {
    // A key made of '*' could be rebuilt from the placeholder itself; real keys never contain one.
    const key = fc.string({ minLength: 8, maxLength: 40 }).filter((k) => !k.includes('*'));
    fc.assert(
      fc.property(key, fc.string(), fc.string(), (k, before, after) => {
        expect(containsSecret(before + k + after, k)).toBe(true);
        const out = redactSecrets(before + k + after, k);
        expect(out.includes(k)).toBe(false);
        expect(containsSecret(out, k)).toBe(false);
      }),
    );
  });
});

describe('every spelling of the key', () => {
  const noKeyIn = (text: string, key: string): void => {
    for (const decoded of decodings(text)) expect(decoded.includes(key)).toBe(false);
    expect(containsSecret(text, key)).toBe(false);
  };

  it('removes the key JSON-escaped, in any case and behind any number of backslashes', () => {
    const escaped = KEY.split('').map((c, i) => (i % 2 ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('');
    expect(redactKey(`bad key "${escaped}"`, KEY)).toBe('bad key "***"');
    expect(redactKey(`upper: ${escaped.replace(/u([0-9a-f]{4})/g, (_, h: string) => `u${h.toUpperCase()}`)}`, KEY)).toBe('upper: ***');
    expect(redactKey(`twice: ${escaped.replace(/\\u/g, '\\\\u')}`, KEY)).toBe('twice: ***');
  });

  it('removes the key percent-encoded, wholly or in part, in either case', () => {
    const all = [...Buffer.from(KEY)].map((b) => `%${b.toString(16)}`).join('');
    expect(redactKey(`?k=${all}&x=${all.toUpperCase()}`, KEY)).toBe('?k=***&x=***');
    const some = KEY.replace(/[a-z]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
    expect(redactKey(`url ${some}`, KEY)).toBe('url ***');
  });

  it('never lets a key through, spelled any way at any offset (property)', () => {
    fc.assert(
      fc.property(
        anyKey.chain((key) => fc.tuple(fc.constant(key), spelled(key), fc.string(), fc.string())),
        ([key, spelling, before, after]) => {
          expect(containsSecret(before + spelling + after, key)).toBe(true);
          noKeyIn(redactKey(before + spelling + after, key), key);
          noKeyIn(redactSecrets(before + spelling + after, key), key);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never lets a key through a JSON frame, escaped any JSON way, before or after parsing (property)', () => {
    const body = (s: string): string => JSON.stringify(s).slice(1, -1);
    fc.assert(
      fc.property(
        anyKey.chain((key) => fc.tuple(fc.constant(key), spelled(key, true), fc.string(), fc.string())),
        ([key, spelling, before, after]) => {
          const frame = `{"type":"error","error":{"message":"${body(before)}${spelling}${body(after)}"}}`;
          const parsed = JSON.parse(frame) as { error: { message: string } };
          noKeyIn(redactValue(parsed, key).error.message, key);
          noKeyIn(redactKeyInValue(parsed, key).error.message, key);
          const scrubbed = JSON.parse(redactKey(frame, key)) as { error: { message: string } };
          noKeyIn(scrubbed.error.message, key);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cuts a long start of the key off the end of a message that was cut short', () => {
    const reason = `invalid key ${KEY.slice(0, 20)}`;
    expect(redactSecrets(reason, KEY)).toBe('invalid key ***');
    // A few characters are no secret, and redactKey (for streamed text) never cuts.
    expect(redactSecrets('keys start sk-pr', KEY)).toBe('keys start sk-pr');
    expect(redactKey(reason, KEY)).toBe(reason);
  });
});

describe('redactValue', () => {
  it('returns the same value when there is nothing to scrub, and redactKeyInValue leaves credentials of other keys', () => {
    const event = { type: 'response.audio.delta', delta: 'AAAA', nested: [{ n: 1 }] };
    expect(redactValue(event, KEY)).toBe(event);
    expect(redactKeyInValue(event, KEY)).toBe(event);
    const code = { text: 'curl -H "Authorization: Bearer $TOKEN"' };
    expect(redactKeyInValue(code, KEY)).toBe(code);
    expect(redactValue(code, KEY).text).toBe('curl -H "Authorization: Bearer ***"');
  });

  it('scrubs every string in nested data and returns a copy', () => {
    const input = { message: `bad key ${KEY}`, nested: [{ param: `api_key=${KEY}` }], n: 1, z: null };
    const out = redactValue(input, KEY);
    expect(JSON.stringify(out)).not.toContain(KEY);
    expect(out.n).toBe(1);
    expect(out.z).toBeNull();
    expect(input.message).toContain(KEY);
  });

  it('scrubs the key from the names of fields too, keeping their values', () => {
    const input = { error: { message: 'refused', [`key ${KEY}`]: 1 } };
    expect(redactValue(input, KEY)).toEqual({ error: { message: 'refused', 'key ***': 1 } });
    expect(redactKeyInValue(input, KEY)).toEqual({ error: { message: 'refused', 'key ***': 1 } });
  });
});

describe('failure messages never carry the key', () => {
  const ctx = { endpoint: `ws://127.0.0.1:9/v1/realtime?api_key=${KEY}`, apiKey: KEY };

  it("scrubs ws's own Invalid URL error, which embeds the whole query-auth URL", () => {
    const target = buildConnectTarget({ endpoint: 'ws://127.0.0.1:9/v1/realtime', apiKey: KEY, auth: 'query', dialect: 'auto' });
    const broken = target.url.replace('ws://', 'ws://[');
    let thrown: unknown;
    try {
      new WebSocket(broken);
    } catch (e) {
      thrown = e;
    }
    expect(String(thrown)).toContain(KEY); // the raw error leaks…
    const err = socketFailure(thrown, ctx);
    expect(JSON.stringify(err)).not.toContain(KEY); // …ours does not
    expect(err.kind).toBe('connect');
  });

  it('scrubs Node-style errors whose message or code echo the key', () => {
    const nodeErr = Object.assign(new Error(`connect ECONNREFUSED ${KEY}`), { code: 'ECONNREFUSED' });
    const refused = socketFailure(nodeErr, ctx);
    expect(refused.message).toBe('Cannot reach 127.0.0.1:9 — connection refused. Check the endpoint in Settings.');
    const weird = socketFailure(Object.assign(new Error(`boom ${KEY}`), { code: `X${KEY}` }), ctx);
    expect(JSON.stringify(weird)).not.toContain(KEY);
  });

  it('builds key-free messages for upgrade statuses, timeouts and early closes', () => {
    for (const status of [401, 403, 404, 429, 500, 302, 418]) {
      expect(JSON.stringify(upgradeFailure(status, ctx))).not.toContain(KEY);
    }
    expect(upgradeFailure(401, ctx).kind).toBe('auth');
    expect(upgradeFailure(404, ctx).kind).toBe('connect');
    expect(JSON.stringify(timeoutFailure(ctx))).not.toContain(KEY);
    expect(JSON.stringify(closedBeforeSession(1008, `policy ${KEY}`, ctx))).not.toContain(KEY);
  });
});
