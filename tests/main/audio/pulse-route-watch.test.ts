import { describe, expect, it } from 'vitest';
import { parseRemoval, parseStreams } from '../../../src/main/audio/pulse-route-watch';

const SINK_INPUTS = `Sink Input #12
\tDriver: protocol-native.c
\tOwner Module: 2
\tClient: 9
\tSink: 3
\tSample Specification: s16le 1ch 24000Hz
\tProperties:
\t\tmedia.name = "ALSA Playback"
\t\tapplication.name = "ALSA plug-in [node]"
\t\tapplication.process.id = "4242"

Sink Input #13
\tDriver: protocol-native.c
\tSink: 0
\tProperties:
\t\tapplication.process.id = "99"
`;

const SOURCE_OUTPUTS = `Source Output #7
\tDriver: protocol-native.c
\tOwner Module: 2
\tClient: 11
\tSource: 5
\tSample Specification: s16le 1ch 48000Hz
\tProperties:
\t\tmedia.name = "ALSA Capture"
\t\tapplication.process.id = "4242"
`;

describe('pactl parsing', () => {
  it('reads sink inputs with their sink and owning process', () => {
    expect(parseStreams(SINK_INPUTS, 'output')).toEqual([
      { index: 12, device: 3, pid: 4242 },
      { index: 13, device: 0, pid: 99 },
    ]);
  });

  it('reads source outputs with their source and owning process', () => {
    expect(parseStreams(SOURCE_OUTPUTS, 'input')).toEqual([{ index: 7, device: 5, pid: 4242 }]);
    expect(parseStreams(SINK_INPUTS, 'input')).toEqual([]);
  });

  it('recognises removals of the watched kind of device only', () => {
    expect(parseRemoval("Event 'remove' on sink #3", 'output')).toBe(3);
    expect(parseRemoval("Event 'remove' on sink-input #3", 'output')).toBeNull();
    expect(parseRemoval("Event 'new' on sink #4", 'output')).toBeNull();
    expect(parseRemoval("Event 'remove' on source #5", 'input')).toBe(5);
    expect(parseRemoval("Event 'remove' on source-output #5", 'input')).toBeNull();
    expect(parseRemoval("Event 'remove' on sink #5", 'input')).toBeNull();
  });
});
