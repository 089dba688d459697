// A page can connect long after the core started: a session that failed at startup (wrong key,
// unreachable endpoint) emitted its error before anyone listened, and getStatus only says "closed".
// This wrapper hands a late subscriber the session error that still stands, so the page can say why.
import { STANDING_ERROR_KINDS } from '../../shared/domain';
import type { EventName } from '../../shared/ipc/contract';
import type { ServedCore } from './context';

// Problems with the session itself; input and audio errors are about a moment that has passed.
const STANDING_KINDS: ReadonlySet<string> = new Set(STANDING_ERROR_KINDS);

export function replayStandingError(core: ServedCore): ServedCore & { close(): void } {
  let standing: unknown = null;
  const stop = core.onEvent((name, payload) => {
    if (name === 'error' && STANDING_KINDS.has(String((payload as { kind?: unknown } | null)?.kind))) standing = payload;
    // A session that opened again, or a session that is being started afresh, makes the old error history.
    const connection = name === 'status' ? (payload as { connection?: unknown } | null)?.connection : undefined;
    if (connection === 'open' || connection === 'connecting') standing = null;
  });
  return {
    handlers: core.handlers,
    connect: (label) => core.connect(label),
    disconnect: (client) => core.disconnect(client),
    onEvent(listener: (name: EventName, payload: unknown) => void) {
      const off = core.onEvent(listener);
      if (standing !== null) listener('error', standing);
      return off;
    },
    close: stop,
  };
}
