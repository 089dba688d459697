// The tray's state, derived from the core's status and error events: every transition the events can make,
// exactly one change notification per visible change, and the words and icons the shell will show.
import { describe, expect, it, vi } from 'vitest';
import type { UserFacingError } from '../../../src/shared/domain';
import { TRAY_STATES, TrayStateMachine, type TrayState, type TrayStatus, type TrayView } from '../../../src/main/desktop/tray-state';

const status = (over: Partial<TrayStatus> = {}): TrayStatus => ({
  connection: 'open',
  activity: 'idle',
  mode: 'ptt',
  dialect: 'ga',
  offlineDemo: false,
  hasKey: true,
  micMuted: false,
  ...over,
});
const authError: UserFacingError = { kind: 'auth', message: 'The API key was refused.', action: 'Open Settings and replace the API key.' };

function machine(hotkey: () => string | null = () => 'F9') {
  const onChange = vi.fn<(view: TrayView) => void>();
  const tray = new TrayStateMachine(onChange, { hotkey });
  return { tray, onChange };
}

// One way to arrive at each state from a fresh machine.
function reach(tray: TrayStateMachine, state: TrayState): void {
  if (state === 'offline') return tray.status(status({ connection: 'connecting' }));
  if (state === 'error') {
    tray.status(status({ connection: 'closed' }));
    return tray.error(authError);
  }
  tray.status(status({ activity: state }));
}

// The one event that leads to each state, from wherever the machine is.
function step(tray: TrayStateMachine, state: TrayState): void {
  if (state === 'offline') return tray.status(status({ connection: 'connecting' }));
  if (state === 'error') return tray.error(authError);
  tray.status(status({ activity: state }));
}

// A standing error only arrives when the session is not open (it ends the session first), so the only way
// into 'error' is from 'offline', or from 'error' with another error.
const transitions = TRAY_STATES.flatMap((from) =>
  TRAY_STATES.filter((to) => to !== 'error' || from === 'offline' || from === 'error').map((to) => [from, to] as const),
);

describe('TrayStateMachine', () => {
  it('starts offline, without a notification, until the core says more', () => {
    const { tray, onChange } = machine();
    expect(tray.view).toEqual({ state: 'offline', tooltip: 'Voice Assistant — starting…', icon: 'tray-offline', mode: null, micMuted: null });
    expect(onChange).not.toHaveBeenCalled();
  });

  it.each(transitions)('%s → %s notifies once when the state changes, never when it stays', (from, to) => {
    const { tray, onChange } = machine();
    reach(tray, from);
    expect(tray.view.state).toBe(from);
    onChange.mockClear();
    step(tray, to);
    expect(tray.view.state).toBe(to);
    expect(tray.view.icon).toBe(`tray-${to}`);
    if (from === to) expect(onChange).not.toHaveBeenCalled();
    else expect(onChange.mock.calls).toEqual([[tray.view]]);
  });

  it('does not notify for status changes the tray does not show', () => {
    const { tray, onChange } = machine();
    tray.status(status());
    onChange.mockClear();
    tray.status(status());
    tray.status(status({ dialect: 'beta' }));
    tray.status(status({ connection: 'closed' }));
    onChange.mockClear();
    tray.status(status({ connection: 'closed', activity: 'speaking' }));
    expect(onChange).not.toHaveBeenCalled();
  });

  it('maps every connection state but open to offline, in the window’s words', () => {
    const { tray } = machine();
    const words = { idle: 'not connected', connecting: 'connecting…', reconnecting: 'reconnecting…', closing: 'disconnecting…', closed: 'disconnected' } as const;
    for (const [connection, word] of Object.entries(words) as [keyof typeof words, string][]) {
      tray.status(status({ connection, activity: 'listening' }));
      expect(tray.view).toMatchObject({ state: 'offline', tooltip: `Voice Assistant — ${word}`, icon: 'tray-offline' });
    }
  });

  it('says when there is no key, and names the offline demo', () => {
    const { tray } = machine();
    tray.status(status({ connection: 'idle', hasKey: false }));
    expect(tray.view.tooltip).toBe('Voice Assistant — no API key');
    tray.status(status({ connection: 'idle', hasKey: false, offlineDemo: true }));
    expect(tray.view.tooltip).toBe('Voice Assistant (offline demo) — not connected');
    tray.status(status({ offlineDemo: true, activity: 'speaking' }));
    expect(tray.view.tooltip).toBe('Voice Assistant (offline demo) — speaking');
  });

  it('names the activity, and the push-to-talk key when ready', () => {
    const { tray } = machine();
    for (const activity of ['listening', 'thinking', 'speaking'] as const) {
      tray.status(status({ activity }));
      expect(tray.view.tooltip).toBe(`Voice Assistant — ${activity}`);
    }
    tray.status(status());
    expect(tray.view.tooltip).toBe('Voice Assistant — ready. Hold F9 to talk');
    tray.status(status({ mode: 'vad' }));
    expect(tray.view.tooltip).toBe('Voice Assistant — ready, hands-free');
  });

  it('leaves the key out when there is none', () => {
    for (const hotkey of [null, '', '  ']) {
      const { tray } = machine(() => hotkey);
      tray.status(status());
      expect(tray.view.tooltip).toBe('Voice Assistant — ready');
    }
    const tray = new TrayStateMachine(() => undefined);
    tray.status(status());
    expect(tray.view.tooltip).toBe('Voice Assistant — ready');
  });

  it('follows a new hotkey on the status event that a settings change brings', () => {
    let key = 'F9';
    const { tray, onChange } = machine(() => key);
    tray.status(status());
    onChange.mockClear();
    key = 'Ctrl+Space';
    tray.status(status());
    expect(onChange.mock.calls).toEqual([[expect.objectContaining({ state: 'idle', tooltip: 'Voice Assistant — ready. Hold Ctrl+Space to talk' })]]);
  });

  it('notifies a mode change even when the state and words stay (the menu’s radio items follow it)', () => {
    const { tray, onChange } = machine();
    tray.status(status({ activity: 'listening' }));
    onChange.mockClear();
    tray.status(status({ activity: 'listening', mode: 'vad' }));
    expect(onChange.mock.calls).toEqual([[{ state: 'listening', tooltip: 'Voice Assistant — listening', icon: 'tray-listening', mode: 'vad', micMuted: false }]]);
  });

  it('follows the mute for the menu’s checkbox, and says it in the tooltip whatever the state', () => {
    const { tray, onChange } = machine();
    tray.status(status());
    onChange.mockClear();
    tray.status(status({ micMuted: true }));
    expect(onChange.mock.calls).toEqual([[{ state: 'idle', tooltip: 'Voice Assistant (microphone muted) — ready. Hold F9 to talk', icon: 'tray-idle', mode: 'ptt', micMuted: true }]]);
    tray.status(status({ micMuted: true, offlineDemo: true, connection: 'closed' }));
    expect(tray.view.tooltip).toBe('Voice Assistant (offline demo, microphone muted) — disconnected');
    tray.status(status({ micMuted: true, connection: 'closed' }));
    tray.error({ kind: 'auth', message: 'x'.repeat(200) });
    expect(tray.view.tooltip.startsWith('Voice Assistant (microphone muted) — error: xxx')).toBe(true);
    onChange.mockClear();
    tray.status(status({ micMuted: false }));
    expect(tray.view).toMatchObject({ tooltip: 'Voice Assistant — ready. Hold F9 to talk', micMuted: false });
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  describe('a standing error', () => {
    it('shows its message, and outlasts status events that start nothing', () => {
      const { tray, onChange } = machine();
      reach(tray, 'error');
      expect(tray.view).toMatchObject({ state: 'error', tooltip: 'Voice Assistant — error: The API key was refused.', icon: 'tray-error' });
      onChange.mockClear();
      tray.status(status({ connection: 'closed', activity: 'idle', dialect: null }));
      tray.status(status({ connection: 'idle' }));
      expect(tray.view.state).toBe('error');
      expect(onChange).not.toHaveBeenCalled();
    });

    it('ends when a new attempt starts or the session opens', () => {
      for (const connection of ['connecting', 'open'] as const) {
        const { tray } = machine();
        reach(tray, 'error');
        tray.status(status({ connection }));
        expect(tray.view.state).toBe(connection === 'open' ? 'idle' : 'offline');
        // Gone for good: a later close is plain offline.
        tray.status(status({ connection: 'closed' }));
        expect(tray.view.state).toBe('offline');
      }
    });

    it('ends when the user changes the key or the demo without an attempt following', () => {
      const { tray } = machine();
      tray.status(status({ connection: 'idle' }));
      tray.error({ kind: 'key-origin', message: 'The key was not sent to the new endpoint.' });
      expect(tray.view.state).toBe('error');
      tray.status(status({ connection: 'idle', hasKey: false }));
      expect(tray.view).toMatchObject({ state: 'offline', tooltip: 'Voice Assistant — no API key' });

      tray.error(authError);
      tray.status(status({ connection: 'idle', hasKey: false, offlineDemo: true }));
      expect(tray.view.state).toBe('offline');
    });

    it('counts every standing kind, even before the first status', () => {
      for (const kind of ['auth', 'connect', 'server', 'dropped', 'key-origin'] as const) {
        const { tray, onChange } = machine();
        tray.error({ kind, message: `failed: ${kind}` });
        expect(onChange.mock.calls).toEqual([[expect.objectContaining({ state: 'error', tooltip: `Voice Assistant — error: failed: ${kind}` })]]);
      }
    });

    it('shows a newer error’s words, and the same error again changes nothing', () => {
      const { tray, onChange } = machine();
      reach(tray, 'error');
      onChange.mockClear();
      tray.error(authError);
      expect(onChange).not.toHaveBeenCalled();
      tray.error({ kind: 'dropped', message: 'Lost the connection.' });
      expect(onChange.mock.calls).toEqual([[expect.objectContaining({ state: 'error', tooltip: 'Voice Assistant — error: Lost the connection.' })]]);
    });

    it('fits the tooltip in 127 characters, on one line', () => {
      const { tray } = machine();
      tray.error({ kind: 'connect', message: `Could not reach\nthe server. ${'x'.repeat(200)}` });
      expect(tray.view.tooltip).toHaveLength(127);
      expect(tray.view.tooltip).toMatch(/^Voice Assistant — error: Could not reach the server\. x+…$/);
    });
  });

  it('ignores errors about a moment: audio, input, protocol, and a server error while the session is open', () => {
    const { tray, onChange } = machine();
    tray.status(status({ connection: 'closed' }));
    onChange.mockClear();
    for (const kind of ['audio', 'input', 'protocol'] as const) tray.error({ kind, message: 'passing' });
    expect(tray.view.state).toBe('offline');
    tray.status(status({ activity: 'thinking' }));
    onChange.mockClear();
    tray.error({ kind: 'server', message: 'Try again.' });
    expect(tray.view.state).toBe('thinking');
    expect(onChange).not.toHaveBeenCalled();
    // Not kept for later either.
    tray.status(status({ connection: 'reconnecting' }));
    expect(tray.view.state).toBe('offline');
  });

  it('takes events straight from the core’s stream, ignoring other events and bad payloads', () => {
    const { tray, onChange } = machine();
    tray.event('status', status({ activity: 'speaking' }));
    expect(tray.view.state).toBe('speaking');
    tray.event('status', { connection: 'nowhere' });
    tray.event('turn', status({ activity: 'idle' }));
    tray.event('error', { kind: 'auth' });
    expect(tray.view.state).toBe('speaking');
    tray.event('status', status({ connection: 'closed' }));
    tray.event('error', authError);
    expect(tray.view.state).toBe('error');
    expect(onChange.mock.calls.map(([view]) => view.state)).toEqual(['speaking', 'offline', 'error']);
  });

  it('takes a seeded status only while no event has said more', () => {
    const { tray } = machine();
    tray.seed(status({ connection: 'idle', hasKey: false }));
    expect(tray.view.tooltip).toBe('Voice Assistant — no API key');
    tray.status(status({ connection: 'connecting' }));
    tray.seed(status({ connection: 'idle', hasKey: false }));
    expect(tray.view.tooltip).toBe('Voice Assistant — connecting…');
  });
});
