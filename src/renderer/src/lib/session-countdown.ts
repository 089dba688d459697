// The status bar's "Session renews in m:ss": how long until the server ends the session, shown while the core
// says a renewal is waiting for a pause (status.sessionEndsAt). The notice says it once; this stays in view.
export const SESSION_RENEWAL_HINT = "The server limits a session's length; a new one starts at the next pause, keeping the conversation.";

/** `msLeft` as m:ss, rounded up so that 0:00 means the end has come; never negative. */
export function countdownText(msLeft: number): string {
  const seconds = Math.max(0, Math.ceil(msLeft / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * Shows the countdown to `endsAt` now and once a second, or null when there is no end; returns the function
 * that stops it. One interval per end, so a component's effect can return this as its cleanup.
 */
export function watchSessionEnd(endsAt: number | null | undefined, show: (text: string | null) => void, now: () => number = Date.now): () => void {
  if (endsAt === null || endsAt === undefined) {
    show(null);
    return () => {};
  }
  const tick = (): void => show(`Session renews in ${countdownText(endsAt - now())}`);
  tick();
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
}
