import { describe, expect, it } from 'vitest';
import { parseSinkInputs, parseSinkRemoval } from '../../../../src/main/audio/playback/pulse-route-watch';

const LISTING = `Sink Input #12
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

describe('pactl parsing', () => {
  it('reads sink inputs with their sink and owning process', () => {
    expect(parseSinkInputs(LISTING)).toEqual([
      { index: 12, sink: 3, pid: 4242 },
      { index: 13, sink: 0, pid: 99 },
    ]);
  });

  it('recognises sink removals only', () => {
    expect(parseSinkRemoval("Event 'remove' on sink #3")).toBe(3);
    expect(parseSinkRemoval("Event 'remove' on sink-input #3")).toBeNull();
    expect(parseSinkRemoval("Event 'new' on sink #4")).toBeNull();
  });
});
