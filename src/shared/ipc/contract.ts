// The one IPC contract between the renderer and the core. Every request and event is declared here once,
// with a validator; the Electron preload and the web-mode bridge are both generated from it.
import { z } from 'zod';
import {
  activitySchema,
  connectionStateSchema,
  deviceFallbackSchema,
  deviceListSchema,
  dialectSchema,
  levelSchema,
  talkModeSchema,
  turnSchema,
  userFacingErrorSchema,
} from '../domain';
import { historyIdSchema, historyRequests } from '../history';
import { settingsPatchSchema, settingsSchema } from '../settings';
import { turnFiguresSchema } from '../turn-figures';

const none = z.undefined();
const ok = z.object({ ok: z.literal(true) });

const keyStatusSchema = z.object({ hasKey: z.boolean(), storage: z.enum(['keychain', 'memory', 'environment', 'none']) });

export const statusSchema = z.object({
  connection: connectionStateSchema,
  activity: activitySchema,
  mode: talkModeSchema,
  dialect: dialectSchema.nullable(),
  offlineDemo: z.boolean(),
  hasKey: z.boolean(),
  /** The user muted the microphone (tray or window): nothing it hears reaches the server. Not saved. */
  micMuted: z.boolean(),
  /**
   * When the server ends this session (epoch ms), while the user is busy in its last stretch and a renewal
   * waits for a pause; null otherwise. Optional for senders that know nothing of sessions.
   */
  sessionEndsAt: z.number().nullable().optional(),
});

const request = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const requests = {
  getSettings: request(none, settingsSchema),
  updateSettings: request(settingsPatchSchema, settingsSchema),
  getKeyStatus: request(none, keyStatusSchema),
  /** Write-only: the key is never sent back to the renderer. */
  setApiKey: request(z.object({ key: z.string().trim().min(8).max(512) }).strict(), keyStatusSchema),
  clearApiKey: request(none, keyStatusSchema),
  getStatus: request(none, statusSchema),
  listDevices: request(none, deviceListSchema),
  listVoices: request(none, z.array(z.string())),
  /** From GET /v1/models on the endpoint's host; `error` says why the list is empty. */
  listModels: request(none, z.object({ models: z.array(z.string()), error: z.string().optional() })),
  startTalking: request(none, ok),
  stopTalking: request(none, ok),
  /** Push-to-talk thrown away: the microphone closes and what was captured is cleared, nothing is sent. */
  cancelTalking: request(none, ok),
  sendText: request(z.object({ text: z.string().trim().min(1).max(20_000) }), ok),
  stopReply: request(none, ok),
  setMode: request(z.object({ mode: talkModeSchema }), ok),
  /** For this run only: a restart always starts unmuted. */
  setMicMuted: request(z.object({ muted: z.boolean() }), ok),
  getConversation: request(none, z.object({ turns: z.array(turnSchema) })),
  clearConversation: request(none, ok),
  /**
   * A stored conversation becomes the current one: its turns are shown, replayed into a new server session
   * as context, and the turns that follow are added to it in the history.
   */
  continueConversation: request(z.object({ id: historyIdSchema }).strict(), z.object({ turns: z.number().int().nonnegative() })),
  playTestTone: request(z.object({ deviceId: z.string().nullable() }), ok),
  /** Live input level for the Settings meter, without talking to the assistant. */
  setMicMonitor: request(z.object({ on: z.boolean(), deviceId: z.string().nullable() }), ok),
  /** Switch to the built-in offline simulator (clearly labelled as a demo in the UI). */
  startOfflineDemo: request(none, ok),
  reconnect: request(none, ok),
  /** The conversation history (src/shared/history.ts); each fails with a plain message when history is off. */
  ...historyRequests,
} as const;

export const events = {
  status: statusSchema,
  turn: turnSchema,
  /** The conversation starts over; `continues` is the history conversation it continues, if any. */
  conversationReset: z.object({
    continues: historyIdSchema.optional(),
    /** What the continued conversation's priced responses had cost before (US dollars), when any was priced. */
    costUsd: z.number().nonnegative().optional(),
  }),
  level: levelSchema,
  error: userFacingErrorSchema,
  notice: z.object({ message: z.string() }),
  /** The tray's "Quick ask…": bring the Message box into focus. */
  focusComposer: z.object({}),
  /** The tray's "Settings…": the main window opens its Settings dialog. */
  openSettings: z.object({}),
  devicesChanged: deviceListSchema.extend({ fallback: deviceFallbackSchema.optional() }),
  /** A response is done: its latency, usage and cost, and the conversation's cost so far. */
  turnFigures: turnFiguresSchema,
  /** The history changed (a turn recorded, a rename, a delete, a purge): an open history list reloads. */
  historyChanged: z.object({}),
} as const;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type RequestInput<K extends RequestName> = z.input<Requests[K]['input']>;
export type RequestOutput<K extends RequestName> = z.output<Requests[K]['output']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export const REQUEST_NAMES = Object.keys(requests) as RequestName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export const isRequestName = (name: unknown): name is RequestName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);

/** Electron IPC channels: one for requests, one for events; names and payloads travel inside. */
export const IPC_CHANNELS = { request: 'assistant:request', event: 'assistant:event' } as const;
