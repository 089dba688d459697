import { describe, expect, it } from 'vitest';
import type { HotkeyMode } from '../../../src/shared/domain';
import { DEFAULT_TAP_MS, KeyGesture, type GestureAction } from '../../../src/main/hotkey/gesture';

/** A gesture on a hand-moved clock, and a script runner: 'd' down, 'u' up, 'e' Esc, a number waits that long. */
function setup(mode: HotkeyMode, tapMs?: number) {
  let t = 1000;
  const gesture = new KeyGesture(mode, { now: () => t, tapMs });
  const run = (...steps: (string | number)[]): (GestureAction | null)[] =>
    steps.flatMap((step) => {
      if (typeof step === 'number') {
        t += step;
        return [];
      }
      return [step === 'd' ? gesture.keyDown() : step === 'u' ? gesture.keyUp() : gesture.escape()];
    });
  return { gesture, run };
}

describe('KeyGesture in hold mode', () => {
  it('starts on press and sends on release, however short', () => {
    const { gesture, run } = setup('hold');
    expect(run('d', 'u')).toEqual(['start', 'send']);
    expect(run('d', 5000, 'u')).toEqual(['start', 'send']);
    expect(gesture.talking).toBe(false);
  });

  it('ignores auto-repeat key-downs while held', () => {
    const { run } = setup('hold');
    expect(run('d', 30, 'd', 30, 'd', 'u')).toEqual(['start', null, null, 'send']);
  });

  it('ignores a release without a press', () => {
    const { run } = setup('hold');
    expect(run('u', 'd', 'u', 'u')).toEqual([null, 'start', 'send', null]);
  });
});

describe('KeyGesture in toggle mode', () => {
  it('starts on the first press and sends on the next; releases do nothing', () => {
    const { gesture, run } = setup('toggle');
    expect(run('d', 'u')).toEqual(['start', null]);
    expect(gesture.talking).toBe(true);
    expect(run(5000, 'd', 'u')).toEqual(['send', null]);
    expect(gesture.talking).toBe(false);
  });

  it('does not let auto-repeat of the starting press send the turn', () => {
    const { run } = setup('toggle');
    expect(run('d', 'd', 'd', 'u', 'd', 'd', 'u')).toEqual(['start', null, null, null, 'send', null, null]);
  });
});

describe('KeyGesture in hold-or-toggle mode', () => {
  it('turns a tap into a toggle: the next press sends', () => {
    const { gesture, run } = setup('hold-or-toggle');
    expect(run('d', 100, 'u')).toEqual(['start', null]);
    expect(gesture.talking).toBe(true);
    expect(run(4000, 'd', 2000, 'u')).toEqual(['send', null]);
    expect(gesture.talking).toBe(false);
  });

  it('treats a long press as a hold: the release sends', () => {
    const { run } = setup('hold-or-toggle');
    expect(run('d', 1500, 'u')).toEqual(['start', 'send']);
  });

  it('draws the line at tapMs: just under is a tap, exactly tapMs is a hold', () => {
    const tap = setup('hold-or-toggle');
    expect(tap.run('d', DEFAULT_TAP_MS - 1, 'u')).toEqual(['start', null]);
    const hold = setup('hold-or-toggle');
    expect(hold.run('d', DEFAULT_TAP_MS, 'u')).toEqual(['start', 'send']);
  });

  it('takes its tap length from the options', () => {
    const { run } = setup('hold-or-toggle', 50);
    expect(run('d', 60, 'u')).toEqual(['start', 'send']);
    expect(run('d', 40, 'u', 'd', 'u')).toEqual(['start', null, 'send', null]);
  });

  it('ignores auto-repeat, which does not make a held key a tap or a send', () => {
    const { run } = setup('hold-or-toggle');
    expect(run('d', 100, 'd', 100, 'd', 400, 'u')).toEqual(['start', null, null, 'send']);
  });
});

describe('KeyGesture and Esc', () => {
  it.each(['hold', 'toggle', 'hold-or-toggle'] as const)('cancels a turn in %s mode and starts afresh on the next press', (mode) => {
    const { gesture, run } = setup(mode);
    expect(run('d', 'e')).toEqual(['start', 'cancel']);
    expect(gesture.talking).toBe(false);
    // The key still going up after Esc neither sends nor latches.
    expect(run(1000, 'u')).toEqual([null]);
    expect(run('d')).toEqual(['start']);
  });

  it('cancels a latched turn with the key up', () => {
    const { run } = setup('hold-or-toggle');
    expect(run('d', 50, 'u', 'e', 'd')).toEqual(['start', null, 'cancel', 'start']);
  });

  it('ignores auto-repeat of a key still held after Esc', () => {
    const { run } = setup('hold');
    expect(run('d', 'e', 'd', 'd', 'u', 'd')).toEqual(['start', 'cancel', null, null, null, 'start']);
  });

  it('does nothing when idle', () => {
    for (const mode of ['hold', 'toggle', 'hold-or-toggle'] as const) {
      const { run } = setup(mode);
      expect(run('e', 'e')).toEqual([null, null]);
      expect(run('d')).toEqual(['start']);
    }
  });
});

describe('KeyGesture across changes', () => {
  it('lets a hold that becomes a toggle latch on release, and the next press send', () => {
    const { gesture, run } = setup('hold');
    expect(run('d')).toEqual(['start']);
    gesture.setMode('toggle');
    expect(run('u', 'd')).toEqual([null, 'send']);
  });

  it('lets a latched turn in hold mode be sent by the next press', () => {
    const { gesture, run } = setup('toggle');
    expect(run('d', 'u')).toEqual(['start', null]);
    gesture.setMode('hold');
    expect(run('d', 'u', 'd', 'u')).toEqual(['send', null, 'start', 'send']);
  });

  it('sends a turn in progress on reset and forgets a held key', () => {
    const { gesture, run } = setup('hold');
    expect(run('d')).toEqual(['start']);
    expect(gesture.reset()).toBe('send');
    expect(gesture.reset()).toBeNull();
    // The old key's release never came: the next down is a fresh press, not auto-repeat.
    expect(run('d')).toEqual(['start']);
  });
});
