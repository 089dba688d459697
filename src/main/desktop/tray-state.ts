// What the tray shows, derived from the core's own events and nothing else, so the shell only draws it.
//
// The rules, in order:
// - error: a session error that stands (STANDING_ERROR_KINDS: bad key, unreachable endpoint, the session
//   dropped for good, the key withheld from a new endpoint). It stays until the next attempt starts or
//   succeeds (connection 'connecting' or 'open': a reconnect, a new key, a settings change all start one)
//   or the user changes what it was about without an attempt following (the key added or cleared, the
//   offline demo switched). A standing kind that arrives while the session is open is a server error about
//   one request ('server', "try again"): the session goes on, so it does not count. Audio, input and
//   protocol errors are about a moment that has passed; the window reports them, the tray does not.
// - offline: the connection is anything but open (idle, connecting, reconnecting, closing, closed), or no
//   status has arrived yet. The tooltip says which, in the window's words.
// - listening / thinking / speaking: the assistant's activity, as is.
// - idle: open, and nothing going on.
import { STANDING_ERROR_KINDS, type ConnectionState, type TalkMode, type UserFacingError } from '../../shared/domain';
import { events, type EventName, type EventPayload } from '../../shared/ipc/contract';

export const TRAY_STATES = ['idle', 'listening', 'thinking', 'speaking', 'offline', 'error'] as const;
export type TrayState = (typeof TRAY_STATES)[number];
export type TrayStatus = EventPayload<'status'>;

export interface TrayView {
  readonly state: TrayState;
  /** Plain words for the icon's hover text. */
  readonly tooltip: string;
  /** Base name of the state's icon file, e.g. 'tray-idle'. */
  readonly icon: string;
  /** The talk mode, for the menu's radio items; null until the first status says. */
  readonly mode: TalkMode | null;
  /** The user's mute, for the menu's checkbox; null until the first status says. */
  readonly micMuted: boolean | null;
}

export interface TrayStateOptions {
  /** The push-to-talk key, read at each change (a settings change is followed by a status event). */
  hotkey?: () => string | null | undefined;
}

const TITLE = 'Voice Assistant';
// Windows cuts a tray tooltip at 127 characters; cutting it here keeps the ellipsis visible.
const MAX_TOOLTIP = 127;
const STANDING: ReadonlySet<string> = new Set(STANDING_ERROR_KINDS);
const OFFLINE_WORDS: Record<Exclude<ConnectionState, 'open'>, string> = {
  idle: 'not connected',
  connecting: 'connecting…',
  reconnecting: 'reconnecting…',
  closing: 'disconnecting…',
  closed: 'disconnected',
};

export class TrayStateMachine {
  private current: TrayStatus | null = null;
  private standing: UserFacingError | null = null;
  private shown: TrayView;

  constructor(
    private readonly onChange: (view: TrayView) => void,
    private readonly options: TrayStateOptions = {},
  ) {
    this.shown = this.derive();
  }

  get view(): TrayView {
    return this.shown;
  }

  status(next: TrayStatus): void {
    const previous = this.current;
    this.current = next;
    const attempt = next.connection === 'open' || next.connection === 'connecting';
    const userChangedKey = previous !== null && (previous.hasKey !== next.hasKey || previous.offlineDemo !== next.offlineDemo);
    if (attempt || userChangedKey) this.standing = null;
    this.refresh();
  }

  /**
   * The status from a getStatus reply, for a subscriber that came late. Ignored once an event has said
   * more: a reply that was in flight while a status event arrived is older than that event.
   */
  seed(initial: unknown): void {
    if (this.current === null) this.event('status', initial);
  }

  error(error: UserFacingError): void {
    if (!STANDING.has(error.kind) || this.current?.connection === 'open') return;
    this.standing = error;
    this.refresh();
  }

  /** Feeds one event from the core's stream (`core.onEvent`); other events and bad payloads are ignored. */
  event(name: EventName, payload: unknown): void {
    if (name === 'status') {
      const parsed = events.status.safeParse(payload);
      if (parsed.success) this.status(parsed.data);
    } else if (name === 'error') {
      const parsed = events.error.safeParse(payload);
      if (parsed.success) this.error(parsed.data);
    }
  }

  private refresh(): void {
    const next = this.derive();
    if (sameView(next, this.shown)) return;
    this.shown = next;
    this.onChange(next);
  }

  private derive(): TrayView {
    const status = this.current;
    // In the title, before the words: a long error message is clipped from the end.
    const notes = [status?.offlineDemo && 'offline demo', status?.micMuted && 'microphone muted'].filter(Boolean);
    const title = notes.length > 0 ? `${TITLE} (${notes.join(', ')})` : TITLE;
    const mode = status?.mode ?? null;
    const micMuted = status?.micMuted ?? null;
    const view = (state: TrayState, words: string): TrayView => ({ state, tooltip: clip(`${title} — ${words}`), icon: `tray-${state}`, mode, micMuted });

    if (this.standing) return view('error', `error: ${this.standing.message}`);
    if (!status) return view('offline', 'starting…');
    if (status.connection !== 'open') {
      const noKey = status.connection === 'idle' && !status.hasKey && !status.offlineDemo;
      return view('offline', noKey ? 'no API key' : OFFLINE_WORDS[status.connection]);
    }
    if (status.activity !== 'idle') return view(status.activity, status.activity);
    if (status.mode === 'vad') return view('idle', 'ready, hands-free');
    const hotkey = this.options.hotkey?.()?.trim();
    return view('idle', hotkey ? `ready. Hold ${hotkey} to talk` : 'ready');
  }
}

function sameView(a: TrayView, b: TrayView): boolean {
  return a.state === b.state && a.tooltip === b.tooltip && a.icon === b.icon && a.mode === b.mode && a.micMuted === b.micMuted;
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_TOOLTIP ? flat : `${flat.slice(0, MAX_TOOLTIP - 1).trimEnd()}…`;
}
