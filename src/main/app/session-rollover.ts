// Renews the server session before the server's time cap ends it: each session's end is read from its
// session.created (or the sessionMaxMinutes setting), and the planner picks the first idle moment of its
// last minute. The renewal is the client's own reconnect path (SessionClient.renew): the settings are sent
// again and the assistant replays the conversation, exactly as after a drop. While the user is busy close to
// the end, its time is also reported (onEndsAt) for the status bar's countdown; the notice alone is gone in
// a moment, and the end can be minutes away.
import type { ServerEvent } from '../../shared/protocol/events';
import type { Settings } from '../../shared/settings';
import type { Assistant } from '../assistant/assistant';
import { RolloverPlanner, sessionExpiry } from '../assistant/session-expiry';
import type { SessionClient } from '../realtime/session-client';
import type { ConnectionState } from '../realtime/types';

export function timeLeftText(ms: number): string {
  return ms >= 90_000 ? `${Math.round(ms / 60_000)} min` : `${Math.max(1, Math.round(ms / 1000))} s`;
}

export function expiryNotice(msLeft: number): string {
  return `The server ends this session in about ${timeLeftText(msLeft)} (its time limit); a new one starts as soon as this turn is over.`;
}

/**
 * Starts watching `client`'s sessions; returns the function that stops it. `onEndsAt` is told when the session
 * ends (epoch ms) once the user has been warned, and null when that no longer holds (renewed, lost, replaced,
 * stopped); only changes are told.
 */
export function renewBeforeExpiry(
  client: Pick<SessionClient, 'on' | 'off' | 'renew'>,
  assistant: Pick<Assistant, 'on' | 'off' | 'activity'>,
  settings: () => Pick<Settings, 'sessionMaxMinutes'>,
  notice: (message: string) => void,
  onEndsAt: (endsAt: number | null) => void = () => {},
  now: () => number = Date.now,
): () => void {
  /** The current session's end, as planned; and what onEndsAt was last told. */
  let sessionEnd: number | null = null;
  let endsAt: number | null = null;
  const setEndsAt = (next: number | null): void => {
    if (next === endsAt) return;
    endsAt = next;
    onEndsAt(next);
  };
  const planner = new RolloverPlanner({
    isIdle: () => assistant.activity === 'idle',
    rollover: () => {
      setEndsAt(null);
      void client.renew();
    },
    warn: (msLeft) => {
      notice(expiryNotice(msLeft));
      setEndsAt(sessionEnd);
    },
    now,
  });
  const onEvent = (event: ServerEvent): void => {
    if (event.type !== 'session.created') return;
    setEndsAt(null);
    sessionEnd = sessionExpiry(event.session, now(), settings().sessionMaxMinutes).expiresAt;
    planner.sessionStarted(sessionEnd);
  };
  // A session that is lost takes its plan with it; the next one brings its own session.created.
  const onState = (state: ConnectionState): void => {
    if (state === 'open') return;
    planner.stop();
    setEndsAt(null);
  };
  const onActivity = (): void => planner.check();
  client.on('event', onEvent);
  client.on('state', onState);
  assistant.on('activity', onActivity);
  return () => {
    planner.stop();
    setEndsAt(null);
    client.off('event', onEvent);
    client.off('state', onState);
    assistant.off('activity', onActivity);
  };
}
