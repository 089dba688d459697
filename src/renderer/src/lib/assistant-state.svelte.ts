// Everything the window shows about the assistant, kept current from contract events. Components read
// this state and call the actions; none of them talks to window.assistant on its own for live state.
import type { AssistantApi } from '../../../shared/ipc/api';
import type { EventPayload, RequestOutput } from '../../../shared/ipc/contract';
import { SILENCE_DBFS } from '../../../shared/audio-format';
import type { DeviceList, Level, Turn, UserFacingError, UserFacingErrorKind } from '../../../shared/domain';
import { errorText } from '../../../shared/error-text';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import type { TurnFigures } from '../../../shared/turn-figures';
import { TurnList } from './turn-list';
import { FiguresBook, NO_FIGURES, NO_TURN_FIGURES, type FiguresSummary } from './turn-figures';

export type Status = EventPayload<'status'>;
export type KeyStatus = RequestOutput<'getKeyStatus'>;

const SILENT: Level = { rmsDbfs: SILENCE_DBFS, peakDbfs: SILENCE_DBFS };
/** Levels arrive ~20 times a second while the mic is open; silence after this long means it closed. */
const LEVEL_STALE_MS = 400;

export class AssistantState {
  status = $state.raw<Status>({ connection: 'idle', activity: 'idle', mode: 'ptt', dialect: null, offlineDemo: false, hasKey: false, micMuted: false, sessionEndsAt: null });
  settings = $state.raw<Settings | null>(null);
  keyStatus = $state.raw<KeyStatus | null>(null);
  turns = $state.raw<readonly Turn[]>([]);
  level = $state.raw<Level>(SILENT);
  error = $state.raw<UserFacingError | null>(null);
  notice = $state.raw<string | null>(null);
  devices = $state.raw<DeviceList | null>(null);
  /** Each assistant turn's latency, tokens and cost, by turn id; and the conversation's, for the status bar. */
  turnFigures = $state.raw<ReadonlyMap<string, TurnFigures>>(NO_TURN_FIGURES);
  figures = $state.raw<FiguresSummary>(NO_FIGURES);
  /** Bumped when the core asks for the Message box (the tray's Quick ask). */
  composerFocusRequests = $state(0);
  /** The first snapshot has arrived: before that, nothing should flash (onboarding, empty log). */
  loaded = $state(false);

  readonly replying = $derived(this.status.activity === 'speaking' || this.lastAssistantInProgress());
  readonly needsOnboarding = $derived(this.loaded && !this.status.hasKey && !this.status.offlineDemo);

  private readonly list = new TurnList();
  private readonly book = new FiguresBook();
  private levelTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly api: AssistantApi) {}

  /** Subscribes to every event, then loads a snapshot; returns the unsubscribe function. */
  start(): () => void {
    const offs = [
      this.api.on('status', (status) => (this.status = status)),
      this.api.on('turn', (turn) => (this.turns = this.list.upsert(turn))),
      this.api.on('conversationReset', () => (this.turns = this.list.replace([]))),
      this.api.on('level', (level) => this.setLevel(level)),
      this.api.on('error', (error) => (this.error = error)),
      this.api.on('notice', ({ message }) => (this.notice = message)),
      this.api.on('focusComposer', () => (this.composerFocusRequests += 1)),
      this.api.on('turnFigures', (figures) => this.showFigures(() => this.book.add(figures))),
      this.api.on('conversationReset', ({ costUsd }) => this.showFigures(() => this.book.reset(costUsd))),
      this.api.on('devicesChanged', ({ fallback, ...devices }) => {
        this.devices = devices;
        if (fallback) this.notice = fallback.message;
      }),
    ];
    void this.refresh();
    return () => {
      for (const off of offs) off();
      clearTimeout(this.levelTimer);
    };
  }

  /** Reloads everything; used at start and after the web bridge reconnects. */
  async refresh(): Promise<void> {
    try {
      const [status, settings, keyStatus, conversation] = await Promise.all([
        this.api.getStatus(),
        this.api.getSettings(),
        this.api.getKeyStatus(),
        this.api.getConversation(),
      ]);
      this.status = status;
      this.settings = settings;
      this.keyStatus = keyStatus;
      this.turns = this.list.replace(conversation.turns);
      this.loaded = true;
    } catch (error) {
      this.fail(error);
    }
  }

  async sendText(text: string): Promise<boolean> {
    return this.run(() => this.api.sendText({ text }));
  }

  startTalking = (): Promise<boolean> => this.run(() => this.api.startTalking());
  stopTalking = (): Promise<boolean> => this.run(() => this.api.stopTalking());
  stopReply = (): Promise<boolean> => this.run(() => this.api.stopReply());
  reconnect = (): Promise<boolean> => this.run(() => this.api.reconnect());
  /** The status event that follows shows the outcome, here and in the tray. */
  setMicMuted = (muted: boolean): Promise<boolean> => this.run(() => this.api.setMicMuted({ muted }));

  async setMode(mode: Status['mode']): Promise<boolean> {
    const done = await this.run(() => this.api.setMode({ mode }));
    if (done && this.settings) this.settings = { ...this.settings, mode };
    return done;
  }

  /** Saves a patch; throws so the settings form can show the error next to its field. */
  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const next = await this.api.updateSettings(patch);
    this.settings = next;
    return next;
  }

  async setApiKey(key: string): Promise<KeyStatus> {
    const status = await this.api.setApiKey({ key });
    this.keyStatus = status;
    this.error = null;
    return status;
  }

  async clearApiKey(): Promise<KeyStatus> {
    const status = await this.api.clearApiKey();
    this.keyStatus = status;
    return status;
  }

  async startOfflineDemo(): Promise<boolean> {
    const done = await this.run(() => this.api.startOfflineDemo());
    if (done) this.settings = await this.api.getSettings().catch(() => this.settings);
    return done;
  }

  async loadDevices(): Promise<void> {
    try {
      this.devices = await this.api.listDevices();
    } catch (error) {
      this.fail(error, 'audio');
    }
  }

  /** Throws, so the Settings page can say what went wrong next to the button. */
  async playTestTone(deviceId: string | null): Promise<void> {
    await this.api.playTestTone({ deviceId });
  }

  /** Returns why the microphone cannot be monitored, for the Settings page to show in place. */
  async setMicMonitor(on: boolean, deviceId: string | null): Promise<string | null> {
    try {
      await this.api.setMicMonitor({ on, deviceId });
      return null;
    } catch (error) {
      return errorText(error);
    }
  }

  async listModels(): Promise<RequestOutput<'listModels'>> {
    try {
      return await this.api.listModels();
    } catch (error) {
      return { models: [], error: errorText(error) };
    }
  }

  async listVoices(): Promise<string[]> {
    return this.api.listVoices().catch(() => []);
  }

  dismissError(): void {
    this.error = null;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  private lastAssistantInProgress(): boolean {
    for (let i = this.turns.length - 1; i >= 0 && i >= this.turns.length - 5; i--) {
      const turn = this.turns[i];
      if (turn?.role === 'assistant' && turn.status === 'in_progress') return true;
    }
    return false;
  }

  private showFigures(change: () => void): void {
    change();
    this.turnFigures = this.book.turns;
    this.figures = this.book.summary;
  }

  private setLevel(level: Level): void {
    this.level = level;
    clearTimeout(this.levelTimer);
    this.levelTimer = setTimeout(() => (this.level = SILENT), LEVEL_STALE_MS);
  }

  private async run(action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  private fail(error: unknown, kind: UserFacingErrorKind = 'input'): void {
    this.error = { kind, message: errorText(error) };
  }
}
