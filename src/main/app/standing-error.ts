// A page can connect long after the core started: a session that failed at startup (wrong key,
// unreachable endpoint) emitted its error before anyone listened, and getStatus only says "closed".
// This wrapper hands a late subscriber the session error that still stands, so the page can say why.
import type { EventName } from '../../shared/ipc/contract';
import type { WebModeCore } from '../web/transport';

// Problems with the session itself; input and audio errors are about a moment that has passed.
const SESSION_ERROR_KINDS: ReadonlySet<string> = new Set(['auth', 'connect', 'server', 'dropped']);

export function replayStandingError(core: WebModeCore): WebModeCore & { close(): void } {
  let standing: unknown = null;
  const stop = core.onEvent((name, payload) => {
    if (name === 'error' && SESSION_ERROR_KINDS.has(String((payload as { kind?: unknown } | null)?.kind))) standing = payload;
    // A session that opened again, or a session that is being started afresh, makes the old error history.
    const connection = name === 'status' ? (payload as { connection?: unknown } | null)?.connection : undefined;
    if (connection === 'open' || connection === 'connecting') standing = null;
  });
  return {
    handlers: core.handlers,
    onEvent(listener: (name: EventName, payload: unknown) => void) {
      const off = core.onEvent(listener);
      if (standing !== null) listener('error', standing);
      return off;
    },
    close: stop,
  };
}
