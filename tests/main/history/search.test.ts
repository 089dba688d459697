import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src/main/history/history-store';
import { ftsQuery, HIT_OPEN, snippetParts } from '../../../src/main/history/search-query';
import { newTurn, tempHistoryDir } from '../../support/history';

let tmp: ReturnType<typeof tempHistoryDir>;
let store: HistoryStore;
let conversation: number;
beforeEach(() => {
  tmp = tempHistoryDir();
  store = HistoryStore.open(tmp.file);
  conversation = store.startConversation('search');
});
afterEach(() => {
  store.close();
  tmp.remove();
});

const add = (text: string, over = {}) => store.appendTurn(conversation, newTurn({ text, ...over }));
const texts = (query: string): string[] => store.search(query).map((h) => h.parts.map((p) => p.text).join(''));

describe('ftsQuery', () => {
  it('quotes every word, doubles quotes inside, and lets only the last one match as a word start', () => {
    expect(ftsQuery('say "hi" now')).toBe('"say" """hi""" "now"*');
    expect(ftsQuery('  NEAR(a b)  ')).toBe('"NEAR(a" "b)"*');
  });

  it('has nothing to search in blanks and punctuation alone', () => {
    for (const text of ['', '   ', '*', '"', '- -', '🎉', '()']) expect(ftsQuery(text)).toBeNull();
  });
});

describe('HistoryStore.search', () => {
  it('finds every word typed, the last one as a beginning, in any order', () => {
    add('What is the weather in Paris tomorrow?');
    add('Paris has many museums');
    expect(texts('paris weath')).toEqual(['What is the weather in Paris tomorrow?']);
    expect(texts('PARIS')).toHaveLength(2);
    expect(texts('weath paris')).toEqual([]);
  });

  it.each([
    ['say "hi"', 'I want to say "hi" to her', ['I want to say "hi" to her']],
    ['"unbalanced', 'an unbalanced quote', ['an unbalanced quote']],
    ['a*b', 'the a*b product', ['the a*b product']],
    ['*', 'stars everywhere', []],
    ['NEAR', 'NEAR the station', ['NEAR the station']],
    ['rock AND roll', 'rock and roll music', ['rock and roll music']],
    ['NOT this', 'not this one', ['not this one']],
    ['OR', 'or else', ['or else']],
    ['-minus', 'the minus sign', ['the minus sign']],
    ['self-driving', 'a self-driving car', ['a self-driving car']],
    ['text:hello', 'text hello world', ['text hello world']],
    ['^start', 'start here', ['start here']],
    ['(paren)', 'paren test', ['paren test']],
    ['cafe', 'un café crème', ['un café crème']],
    ['CRÈME', 'un café crème', ['un café crème']],
    ['東京', '東京 タワー', ['東京 タワー']],
    ['Straße', 'die Straße entlang', ['die Straße entlang']],
    ['🎉 party', 'emoji 🎉 party', ['emoji 🎉 party']],
  ])('searches %j literally', (query, stored, expected) => {
    add(stored);
    add('something unrelated');
    expect(texts(query)).toEqual(expected);
  });

  it('treats what looks like an operator as words: NEAR(…) is not a proximity query', () => {
    add('the station is near');
    add('near station, the end');
    // As FTS5 syntax this would match both turns: "station" and "the" within ten words.
    expect(texts('NEAR(station the)')).toEqual(['near station, the end']);
    expect(texts('station OR nothing')).toEqual([]);
  });

  it('marks the matched words in snippets, « » in plain text and parts for a view', () => {
    add('Remind me to buy oat milk and bread on the way home');
    const [hit] = store.search('milk bread');
    expect(hit!.snippet).toBe('Remind me to buy oat «milk» and «bread» on the way home');
    expect(hit!.parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['milk', 'bread']);
    expect(hit).toMatchObject({ conversationId: conversation, conversationTitle: 'search', seq: 1, role: 'user' });
  });

  it('keeps a long turn to a window around the match', () => {
    add(`${'filler '.repeat(100)}needle ${'filler '.repeat(100)}`);
    const [hit] = store.search('needle');
    expect(hit!.snippet).toContain('«needle»');
    expect(hit!.snippet.split(' ').length).toBeLessThan(20);
    expect(hit!.snippet.startsWith('…')).toBe(true);
  });

  it('is not confused by marker-like characters in the text itself', () => {
    add(`quotes «like» these and ${HIT_OPEN}private${HIT_OPEN} ones`);
    const [hit] = store.search('like');
    expect(hit!.parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['like']);
    expect(hit!.parts.map((p) => p.text).join('')).toBe('quotes «like» these and private ones');
  });

  it('returns the newest turns first, up to the limit', () => {
    for (let i = 1; i <= 5; i++) add(`note number ${i}`, { completedAt: 1_000_000 + i, startedAt: 1_000_000 });
    expect(store.search('note', { limit: 3 }).map((h) => h.seq)).toEqual([5, 4, 3]);
  });

  it('searches across conversations', () => {
    const other = store.startConversation('other');
    store.appendTurn(other, newTurn({ role: 'assistant', text: 'the answer is 42' }));
    add('what is the answer');
    expect(store.search('answer').map((h) => h.conversationTitle).sort()).toEqual(['other', 'search']);
  });
});

describe('snippetParts', () => {
  it('splits a marked snippet into plain and matched parts', () => {
    expect(snippetParts('a \uE000b\uE001 c')).toEqual([
      { text: 'a ', hit: false },
      { text: 'b', hit: true },
      { text: ' c', hit: false },
    ]);
    expect(snippetParts('')).toEqual([]);
  });
});
