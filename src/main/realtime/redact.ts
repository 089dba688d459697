// Scrubs the API key from anything the client emits. The key travels in the URL for query auth, so
// `ws` and Node errors can embed it; servers may echo it, JSON-escaped or URL-encoded, in error
// messages, close reasons and streamed text. Everything user-visible passes through here.
import { KeySpellings } from './key-spellings';

export const REDACTED = '***';

// Credential carriers, whatever the key: a query parameter (also Azure's api-key), the subprotocol
// form and an Authorization value.
const CARRIERS: readonly RegExp[] = [
  /(api[_-]key=)[^&\s"'#<>]+/gi,
  /(openai-insecure-api-key\.)[^\s,"'<>]+/gi,
  /(bearer\s+)[^\s,"'<>]+/gi,
];

/**
 * Below this length a "key" is a placeholder (tests, a half-typed setting), not a secret: scrubbing
 * every "k" or "test" from messages would garble them. Such keys are still scrubbed wherever they
 * sit in a credential position (query, subprotocol, bearer).
 */
const MIN_SECRET_LENGTH = 8;

// A process rarely holds more than one key; building its spellings for every message would be waste.
const CACHE_SIZE = 4;
const cache = new Map<string, KeySpellings>();

/** Every spelling of `key`, or null when it is a placeholder rather than a secret. */
export function spellingsFor(key: string): KeySpellings | null {
  if (key.length < MIN_SECRET_LENGTH) return null;
  let found = cache.get(key);
  if (!found) {
    found = new KeySpellings(key);
    const oldest = cache.keys().next();
    if (cache.size >= CACHE_SIZE && !oldest.done) cache.delete(oldest.value);
    cache.set(key, found);
  }
  return found;
}

/** Removes every spelling of the key and nothing else: what server events and streamed text get. */
export function redactKey(text: string, key: string): string {
  const spellings = spellingsFor(key);
  return spellings ? spellings.replaceAll(text, REDACTED) : text;
}

/**
 * Removes the key (raw, JSON-escaped or URL-encoded) and any `api_key=` / subprotocol / bearer
 * credential from a message. Messages can be cut short (a close reason holds 123 bytes, an excerpt
 * 200 characters), so a long start of the key at the very end goes too.
 */
export function redactSecrets(text: string, key: string): string {
  let out = redactKey(text, key);
  const open = spellingsFor(key)?.openTailStart(out) ?? out.length;
  if (out.length - open >= MIN_SECRET_LENGTH) out = out.slice(0, open) + REDACTED;
  for (const pattern of CARRIERS) out = out.replace(pattern, `$1${REDACTED}`);
  return out;
}

/** `redactSecrets` applied to every string inside plain data; the value itself when nothing changed. */
export function redactValue<T>(value: T, key: string): T {
  return mapStrings(value, (s) => redactSecrets(s, key));
}

/** `redactKey` applied to every string inside plain data; the value itself when nothing changed. */
export function redactKeyInValue<T>(value: T, key: string): T {
  return spellingsFor(key) ? mapStrings(value, (s) => redactKey(s, key)) : value;
}

/** True when the key, in any spelling, occurs in `text`. */
export function containsSecret(text: string, key: string): boolean {
  const spellings = spellingsFor(key);
  return spellings !== null && spellings.replaceAll(text, REDACTED) !== text;
}

// Copies only what changed: most events carry no key, and audio deltas are large.
function mapStrings<T>(value: T, scrub: (s: string) => string): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (value === null || typeof value !== 'object') return value;
  let changed = false;
  const visit = (v: unknown): unknown => {
    const out = mapStrings(v, scrub);
    if (out !== v) changed = true;
    return out;
  };
  if (Array.isArray(value)) {
    const out = value.map(visit);
    return (changed ? out : value) as T;
  }
  // Server objects are loose, so a field's name can carry the key as well as its value.
  const out = Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const name = scrub(k);
      if (name !== k) changed = true;
      return [name, visit(v)];
    }),
  );
  return (changed ? out : value) as T;
}
