// A stand-in for the session client, for assistant tests without sockets: it records every command the
// assistant sends and lets the test play the server's events.
import { EventEmitter } from 'node:events';
import type { SessionPort } from '../../src/main/assistant/assistant';
import type { ServerEvent } from '../../src/shared/protocol/events';

const COMMANDS = ['appendAudio', 'commitAudio', 'clearAudio', 'sendText', 'createItem', 'createResponse', 'cancelResponse', 'truncate', 'updateSession'] as const;

export class FakeSession extends EventEmitter {
  readonly sent: { call: string; args: unknown[] }[] = [];
  /** The connection state the assistant sees; tests change it to play a drop. */
  state: 'open' | 'connecting' | 'reconnecting' = 'open';
  constructor() {
    super();
    for (const call of COMMANDS) {
      (this as unknown as Record<string, unknown>)[call] = (...args: unknown[]) => void this.sent.push({ call, args });
    }
  }
  /** As the assistant sees it. */
  get port(): SessionPort {
    return this as unknown as SessionPort;
  }
  server(event: ServerEvent): void {
    this.emit('event', event);
  }
  calls(call: (typeof COMMANDS)[number]): unknown[][] {
    return this.sent.filter((s) => s.call === call).map((s) => s.args);
  }
}
