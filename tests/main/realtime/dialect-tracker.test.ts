import { describe, it, expect } from 'vitest';
import { DialectTracker } from '../../../src/main/realtime/dialect-tracker';
import type { Dialect, DialectSetting } from '../../../src/shared/protocol/events';

function tracker(setting: DialectSetting): { t: DialectTracker; announced: Dialect[] } {
  const announced: Dialect[] = [];
  return { t: new DialectTracker(setting, (d) => announced.push(d)), announced };
}

describe('DialectTracker', () => {
  it('auto: unknown until proven, then the first proof wins', () => {
    const { t, announced } = tracker('auto');
    expect(t.current).toBeNull();
    expect(t.requested).toBe('auto');
    t.observe(null);
    expect(t.current).toBeNull();
    t.observe('ga');
    t.observe('beta');
    expect(t.current).toBe('ga');
    expect(t.settle()).toBe('ga');
    expect(announced).toEqual(['ga']);
  });

  it('auto without any proof settles on beta, the service’s documented names', () => {
    const { t, announced } = tracker('auto');
    expect(t.settle()).toBe('beta');
    expect(announced).toEqual(['beta']);
  });

  it('forced settings ignore evidence and are announced when the session starts', () => {
    const { t, announced } = tracker('ga');
    t.observe('beta');
    expect(t.current).toBe('ga');
    expect(announced).toEqual([]);
    expect(t.settle()).toBe('ga');
    t.settle();
    expect(announced).toEqual(['ga']);
  });

  it('switches to GA once (auto or forced beta), never from forced GA', () => {
    for (const setting of ['auto', 'beta'] as const) {
      const { t, announced } = tracker(setting);
      expect(t.switchToGa()).toBe(true);
      expect(t.current).toBe('ga');
      expect(t.requested).toBe('ga');
      expect(t.switchToGa()).toBe(false);
      t.observe('beta');
      expect(t.current).toBe('ga');
      expect(announced).toEqual(['ga']);
    }
    expect(tracker('ga').t.switchToGa()).toBe(false);
  });

  it('reset() starts over from the setting and announces again', () => {
    const { t, announced } = tracker('beta');
    t.settle();
    t.switchToGa();
    t.reset();
    expect(t.current).toBe('beta');
    expect(t.requested).toBe('beta');
    t.settle();
    expect(announced).toEqual(['beta', 'ga', 'beta']);
  });
});
