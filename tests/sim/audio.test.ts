import { describe, it, expect } from 'vitest';
import { decodeBase64 } from '../../src/sim/audio';

describe('decodeBase64', () => {
  it('decodes padded standard base64, the empty string included', () => {
    expect(decodeBase64('Zm9vYg==')).toEqual(Buffer.from('foob'));
    expect(decodeBase64('')).toEqual(Buffer.alloc(0));
  });

  it('rejects what a real server rejects, where Buffer.from would decode something', () => {
    for (const s of ['AAA', 'Zg', 'AA=A', 'A===', 'AA-_', 'AA A', 'AAA\n', 'not base64!']) expect(decodeBase64(s), JSON.stringify(s)).toBeNull();
  });
});
