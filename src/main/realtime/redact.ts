// Scrubs the API key from anything the client emits. The key travels in the URL for query auth, so
// `ws` and Node errors can embed it; servers may echo it in error messages. Everything user-visible
// passes through here.

export const REDACTED = '***';

// Credential carriers, whatever the key: a query parameter (also Azure's api-key), the subprotocol
// form and an Authorization value.
const CARRIERS: readonly RegExp[] = [
  /(api[_-]key=)[^&\s"'#<>]+/gi,
  /(openai-insecure-api-key\.)[^\s,"'<>]+/gi,
  /(bearer\s+)[^\s,"'<>]+/gi,
];

/** Every spelling of the key that can end up in text: raw, and as the two URL encodings. */
function keyForms(key: string): string[] {
  const forms = new Set<string>([key, encodeURIComponent(key), new URLSearchParams({ k: key }).toString().slice(2)]);
  // Longest first, so a form that contains another is replaced whole.
  return [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * Below this length a "key" is a placeholder (tests, a half-typed setting), not a secret: scrubbing
 * every "k" or "test" from messages would garble them. Such keys are still scrubbed wherever they
 * sit in a credential position (query, subprotocol, bearer).
 */
const MIN_SECRET_LENGTH = 8;

/** Removes the key (in any URL encoding) and any `api_key=` / subprotocol / bearer credential from `text`. */
export function redactSecrets(text: string, key: string): string {
  let out = text;
  if (key.length >= MIN_SECRET_LENGTH) for (const form of keyForms(key)) out = out.split(form).join(REDACTED);
  for (const pattern of CARRIERS) out = out.replace(pattern, `$1${REDACTED}`);
  return out;
}

/** `redactSecrets` applied to every string inside plain data (objects, arrays), returning a copy. */
export function redactValue<T>(value: T, key: string): T {
  if (typeof value === 'string') return redactSecrets(value, key) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v, key)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactValue(v, key);
    return out as T;
  }
  return value;
}

/** True when the key (in any encoding) occurs in `text`; a cheap guard before redacting large frames. */
export function containsSecret(text: string, key: string): boolean {
  return key.length >= MIN_SECRET_LENGTH && keyForms(key).some((form) => text.includes(form));
}
