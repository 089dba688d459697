import { describe, expect, it } from 'vitest';
import { KeySpellings } from '../../../src/main/realtime/key-spellings';

const KEY = 'sk-proj-Spell9Me_0123456789';
const spellings = new KeySpellings(KEY);

describe('KeySpellings', () => {
  it('finds where the end of a text could still become the key, in any spelling, and only there', () => {
    expect(spellings.openTailStart('said sk-pr')).toBe(5);
    expect(spellings.openTailStart('said \\u0073k\\u002')).toBe(5);
    expect(spellings.openTailStart('said %73%6')).toBe(5);
    expect(spellings.openTailStart('said \\\\')).toBe(5);
    expect(spellings.openTailStart('said sk-proj-X')).toBe(14);
    expect(spellings.openTailStart(`whole ${KEY}`)).toBe(6 + KEY.length);
  });

  it('replaces every whole spelling, leftmost first, and leaves near misses alone', () => {
    expect(spellings.replaceAll(`a ${KEY} b \\\\u0073${KEY.slice(1)} c ${KEY.slice(0, -1)}`, '#')).toBe(`a # b # c ${KEY.slice(0, -1)}`);
    expect(spellings.replaceAll(`ss${KEY}`, '#')).toBe('ss#');
  });

  it('stays linear on text made to look like the start of the key', () => {
    const floods = ['\\'.repeat(200_000), 's'.repeat(200_000), '\\u0073k-'.repeat(25_000), '%73%6B%2D'.repeat(20_000)];
    const started = performance.now();
    for (const text of floods) {
      spellings.replaceAll(text, '#');
      spellings.openTailStart(text);
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
