// Public surface of the protocol simulator: what tests, the CLI's --sim and the offline demo use.
import type { AuthMode, Dialect } from '../shared/domain';

export interface SimulatorOptions {
  /** 0 picks a free port. The simulator only ever binds 127.0.0.1. */
  port?: number;
  /** Wire dialect the simulator speaks. Default 'beta' (the service's documented shape). */
  dialect?: Dialect;
  /** When set, an upgrade without this key (query, bearer or subprotocol) is refused with HTTP 401. */
  requireKey?: string;
  /** Real-time pacing factor for audio/text deltas: 1 = real time, 10 = ten times faster, 0 = no pacing. */
  pace?: number;
  /** Serve TLS with this key/cert (PEM); for clients that force wss. */
  tls?: { key: string; cert: string };
  /** Print one line per connection to stderr. */
  verbose?: boolean;
  /** Keep every received client event in `connections()` (default true). The long-running offline demo
   * turns this off: recording all appended audio grows by ~230 MB an hour. */
  recordReceived?: boolean;
}

export type SimulatorFault =
  /** The next response's socket is destroyed (no close frame, 1006 at the client) half-way through its deltas. */
  | { kind: 'drop-mid-response' }
  /** Send one frame that is not JSON on every open connection. */
  | { kind: 'malformed-frame' }
  /** Send one well-formed event with an unknown type on every open connection. */
  | { kind: 'unknown-event' }
  /** Close every open connection with this code (e.g. 1011, 1001). */
  | { kind: 'close'; code: number; reason?: string }
  /** New and current sessions end with `error session_expired` + close 1001 after this many seconds; new
   * sessions announce it as `expires_at` in session.created. */
  | { kind: 'session-cap'; seconds: number }
  /** Change pacing of subsequent responses (e.g. 0.25 = four times slower than real time). */
  | { kind: 'pace'; factor: number }
  /** On a cancel (the client's, or the server's own on speech_started), first send this many ms of further
   * deltas: what a real server had already sent when the cancel took effect. */
  | { kind: 'late-deltas'; ms: number }
  /** The next session to open with a key echoes it as a careless server would: split across two text
   * deltas, then JSON-escaped (and URL-encoded) in an error. */
  | { kind: 'echo-key' }
  /** The next `times` (default 1) upgrade requests are answered with this HTTP status (401, 403, 429, 503…)
   * and a JSON error body instead of a WebSocket. */
  | { kind: 'refuse-upgrade'; status: number; times?: number }
  /** Send one valid event (`rate_limits.updated`, padded) of exactly this many bytes on every open connection. */
  | { kind: 'frame-of-size'; bytes: number }
  /** Send one audio delta whose audio is not valid base64 on every open connection. */
  | { kind: 'invalid-audio' }
  /** Typed questions are answered in this voice (24 kHz mono pcm16, cut or repeated to the reply's length)
   * instead of a tone: speech, for echo-cancellation tests. Null goes back to the tone. */
  | { kind: 'reply-voice'; pcm: Buffer | null };

export interface SimulatorConnectionInfo {
  id: number;
  /** How the key arrived, if any. */
  auth: AuthMode | 'none';
  /** Raw client event objects as received (after JSON.parse), in order. */
  received: Record<string, unknown>[];
  headers: Record<string, string | string[] | undefined>;
}

export interface RunningSimulator {
  /** ws://127.0.0.1:PORT/v1/realtime (wss:// with tls). */
  url: string;
  port: number;
  inject(fault: SimulatorFault): void;
  /** Every connection accepted so far (open or closed), oldest first. */
  connections(): SimulatorConnectionInfo[];
  /** Count of upgrade requests refused (wrong key, wrong path). */
  rejectedUpgrades(): number;
  close(): Promise<void>;
}
