import { describe, expect, it } from 'vitest';
import { aims, formatAims, type BenchResults } from '../../bench/aims';

const s = (median: number, p90 = median) => ({ median, p90 });

const run: BenchResults = {
  audioLatency: {
    outputStartLatencyMs: {
      'engine tuned + prepare()': s(66.4, 77.6),
      'prepare() with the 40 ms lead-in of a fresh stream': s(27.4, 33.3),
      'engine untuned (plugin-default pulse buffer, no lead-in)': s(45.7),
    },
    outputHeardMsOf1000: { 'engine tuned + prepare()': s(999.9, 1000), 'prepare() with the 40 ms lead-in of a fresh stream': s(999.9, 1081.8) },
    stop: { 'tuned (defaults)': { silenceAfterStopMs: s(-6.7) } },
  },
  turns: { tuned: { releaseToCommitMedianMs: 0.18, bargeInMedianMs: -4.8, duplexCpuPercentOfOneCore: 5.2 } },
  cli: {
    playbackCpuMsPerAudioSecond: s(27.2),
    playbackCpuMsPerAudioSecondByThread: { main: s(17.5), pulseClient: s(3.2), other: s(2.9) },
    captureCpuMsPerAudioSecond: s(36.1),
    peakRssMiB: s(99),
  },
  longSession: { rssGrowthMiB: -5.5, heapGrowthMiB: 1, endOfSpeechToReplyAudioMs: { lastOverFirst: 0.42 } },
};

const row = (rows: ReturnType<typeof aims>, start: string) => rows.find((r) => r.figure.startsWith(start))!;

describe('the performance aims', () => {
  it('judges each figure against its aim and explains a miss from the same run', () => {
    const rows = aims(run);
    expect(row(rows, 'key release').met).toBe(true);
    expect(row(rows, 'first delta').met).toBe(false);
    expect(row(rows, 'first delta').why).toContain('27.4 ms'); // the 40 ms lead-in's start, from this run
    expect(row(rows, 'first delta').why).toContain('1082 ms long'); // and the hole it leaves
    expect(row(rows, 'no start-up hole').met).toBe(true);
    expect(row(rows, 'CLI playback').met).toBe(false);
    expect(row(rows, 'CLI playback').why).toContain('6.1 ms/s'); // libpulse 3.2 + the rest 2.9
    expect(row(rows, 'duplex').why).toContain('3.6 % of a core');
    expect(row(rows, 'peak RSS').met).toBe(true);
    expect(row(rows, 'memory growth').met).toBe(true);
    expect(row(rows, 'latency of the last turns').met).toBe(true);
    expect(row(rows, 'stop').met).toBeNull(); // reported, no aim of its own
  });

  it('fails an aim the run misses, and a hole at the start', () => {
    const worse: BenchResults = {
      ...run,
      audioLatency: { ...run.audioLatency, outputHeardMsOf1000: { 'engine tuned + prepare()': s(940, 999.9) } },
      turns: { tuned: { releaseToCommitMedianMs: 24 } },
      longSession: { rssGrowthMiB: 25, heapGrowthMiB: 2, endOfSpeechToReplyAudioMs: { lastOverFirst: 1.2 } },
    };
    const rows = aims(worse);
    expect(row(rows, 'key release').met).toBe(false);
    expect(row(rows, 'no start-up hole').met).toBe(false);
    expect(row(rows, 'memory growth').met).toBe(false);
    expect(row(rows, 'latency of the last turns').met).toBe(false);
  });

  it('does not claim a hole in a run where the 40 ms lead-in played the whole tone', () => {
    const whole: BenchResults = { audioLatency: { ...run.audioLatency, outputHeardMsOf1000: { 'prepare() with the 40 ms lead-in of a fresh stream': s(999.9, 1000) } } };
    expect(row(aims(whole), 'first delta').why).toContain('not in this one');
  });

  it('says what was not measured instead of judging it', () => {
    const rows = aims({});
    expect(rows.every((r) => r.met === null)).toBe(true);
    expect(row(rows, 'peak RSS').measured).toBe('not measured');
    expect(formatAims(rows)).not.toContain('why:');
  });

  it('prints the reason under each unmet aim only', () => {
    const text = formatAims(aims(run));
    expect(text).toMatch(/^NOT {2}CLI playback.*\n {7}why: threads that run no JavaScript/m);
    expect(text).toMatch(/^ ok {2}peak RSS of the CLI \(median\): 99 MiB \(aim ≤ 120 MiB\)$/m);
  });
});
