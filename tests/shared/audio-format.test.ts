import { describe, expect, it } from 'vitest';
import { BYTES_PER_MS, bytesToMs, FRAME_BYTES, msOfSamples, msToBytes, samplesOf, SILENCE_DBFS, toDbfs } from '../../src/shared/audio-format';
import { errorText } from '../../src/shared/error-text';

describe('audio format', () => {
  it('counts 24 kHz mono pcm16', () => {
    expect(BYTES_PER_MS).toBe(48);
    expect(FRAME_BYTES).toBe(1920); // 40 ms
    expect(bytesToMs(4800)).toBe(100);
    expect(msToBytes(10.4)).toBe(480);
    expect(samplesOf(10)).toBe(240);
    expect(msOfSamples(240)).toBe(10);
  });

  it('gives dBFS with a floor for silence', () => {
    expect(toDbfs(1)).toBe(0);
    expect(toDbfs(0.5)).toBeCloseTo(-6.02, 2);
    expect(toDbfs(0)).toBe(SILENCE_DBFS);
    expect(toDbfs(1e-9)).toBe(SILENCE_DBFS);
  });
});

describe('errorText', () => {
  it('reads errors and anything else thrown', () => {
    expect(errorText(new Error('boom'))).toBe('boom');
    expect(errorText('plain')).toBe('plain');
    expect(errorText(42)).toBe('42');
  });
});
