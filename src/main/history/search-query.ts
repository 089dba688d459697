// Turns what the user typed into an FTS5 query that searches for exactly those words. FTS5's own syntax
// (quotes, *, ^, -, :, parentheses, AND/OR/NOT/NEAR) must never reach MATCH from a search box: it would
// either be an error or mean something the user did not type.

/** Private-use characters that mark matches inside snippet(); turn text never contains them (stripped on save). */
export const HIT_OPEN = '\uE000';
export const HIT_CLOSE = '\uE001';
/** How snippets show a match in plain text. */
export const PLAIN_OPEN = '«';
export const PLAIN_CLOSE = '»';

const WORDLIKE = /[\p{L}\p{N}]/u;

/**
 * Every whitespace-separated piece becomes a quoted FTS5 string (a literal phrase: its " doubled), joined by
 * implicit AND; the last one also matches as a word start, so results follow typing ("wea" finds "weather").
 * Pieces with no letter or digit are dropped: the tokenizer would find no word in them. Null when nothing is
 * left to search for.
 */
export function ftsQuery(text: string): string | null {
  const pieces = text.split(/\s+/u).filter((piece) => WORDLIKE.test(piece));
  if (pieces.length === 0) return null;
  return pieces.map((piece, i) => `"${piece.replaceAll('"', '""')}"${i === pieces.length - 1 ? '*' : ''}`).join(' ');
}

/** Removes the match markers from text about to be stored, so a snippet's markers are always ours. */
export function withoutHitMarkers(text: string): string {
  return text.replaceAll(HIT_OPEN, '').replaceAll(HIT_CLOSE, '');
}

/** Splits a marked snippet into plain and matched parts. */
export function snippetParts(marked: string): { text: string; hit: boolean }[] {
  const parts: { text: string; hit: boolean }[] = [];
  let hit = false;
  let text = '';
  const flush = (): void => {
    if (text) parts.push({ text, hit });
    text = '';
  };
  for (const ch of marked) {
    if (ch === HIT_OPEN || ch === HIT_CLOSE) {
      flush();
      hit = ch === HIT_OPEN;
    } else text += ch;
  }
  flush();
  return parts;
}

export function plainSnippet(marked: string): string {
  return marked.replaceAll(HIT_OPEN, PLAIN_OPEN).replaceAll(HIT_CLOSE, PLAIN_CLOSE);
}
