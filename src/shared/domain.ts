// Domain types shared by the core and the renderer: what a conversation and the assistant look like.
// Each is declared once, as the zod schema the IPC contract validates with, and its type is inferred from
// it; the word lists are exported so that settings, the CLI parsers and the simulator accept the same words.
import { z } from 'zod';

export const TALK_MODES = ['ptt', 'vad'] as const;
export const talkModeSchema = z.enum(TALK_MODES);
export type TalkMode = z.infer<typeof talkModeSchema>;

/** How the push-to-talk key behaves: held while speaking, pressed to start and again to send, or either (a tap toggles). */
export const HOTKEY_MODES = ['hold', 'toggle', 'hold-or-toggle'] as const;
export const hotkeyModeSchema = z.enum(HOTKEY_MODES);
export type HotkeyMode = z.infer<typeof hotkeyModeSchema>;

export const ACTIVITIES = ['idle', 'listening', 'thinking', 'speaking'] as const;
export const activitySchema = z.enum(ACTIVITIES);
/** What the assistant is doing, from the user's point of view. */
export type AssistantActivity = z.infer<typeof activitySchema>;

export const CONNECTION_STATES = ['idle', 'connecting', 'open', 'reconnecting', 'closing', 'closed'] as const;
export const connectionStateSchema = z.enum(CONNECTION_STATES);
export type ConnectionState = z.infer<typeof connectionStateSchema>;

/** The two wire dialects of the Realtime protocol. */
export const DIALECTS = ['beta', 'ga'] as const;
export const dialectSchema = z.enum(DIALECTS);
export type Dialect = z.infer<typeof dialectSchema>;
/** What the user can ask for: a dialect, or `auto` to find out from the server. */
export const DIALECT_SETTINGS = ['auto', ...DIALECTS] as const;
export const dialectSettingSchema = z.enum(DIALECT_SETTINGS);
export type DialectSetting = z.infer<typeof dialectSettingSchema>;

/** How the API key travels on the WebSocket upgrade: ?api_key=, an Authorization header, or a subprotocol. */
export const AUTH_MODES = ['query', 'bearer', 'subprotocol'] as const;
export const authModeSchema = z.enum(AUTH_MODES);
export type AuthMode = z.infer<typeof authModeSchema>;

export const turnStatusSchema = z.enum(['in_progress', 'done', 'cancelled', 'truncated', 'failed']);
export type TurnStatus = z.infer<typeof turnStatusSchema>;

export const turnSchema = z.object({
  /** Server item id when known, else a local id. */
  id: z.string(),
  role: z.enum(['user', 'assistant']),
  /** How it was said: typed text or spoken audio. */
  kind: z.enum(['text', 'audio']),
  /** Text, or the transcript of the audio (trimmed to what was heard when truncated). */
  text: z.string(),
  status: turnStatusSchema,
  /** Milliseconds of audio in the turn (captured for the user; played for the assistant). */
  audioMs: z.number().optional(),
  /** Why the turn failed, in plain words. */
  error: z.string().optional(),
  createdAt: z.number(),
  /**
   * Brought back from the history to continue a conversation: shown and replayed to the server as context,
   * never recorded again or answered again.
   */
  restored: z.boolean().optional(),
});
export type Turn = z.infer<typeof turnSchema>;

export const levelSchema = z.object({ rmsDbfs: z.number(), peakDbfs: z.number() });
export type Level = z.infer<typeof levelSchema>;

export const audioDeviceSchema = z.object({
  /** Stable identity: host API + name, not the PortAudio index. */
  id: z.string(),
  name: z.string(),
  hostApi: z.string(),
  isDefault: z.boolean(),
  maxChannels: z.number(),
  defaultSampleRate: z.number(),
});
export type AudioDevice = z.infer<typeof audioDeviceSchema>;

export const deviceListSchema = z.object({ inputs: z.array(audioDeviceSchema), outputs: z.array(audioDeviceSchema) });
export type DeviceList = z.infer<typeof deviceListSchema>;

export const DEVICE_KINDS = ['input', 'output'] as const;
export const deviceKindSchema = z.enum(DEVICE_KINDS);
export type DeviceKind = z.infer<typeof deviceKindSchema>;

/** The chosen device is missing and the system default stands in: said to the user in plain words. */
export const deviceFallbackSchema = z.object({ kind: deviceKindSchema, message: z.string() });
export type DeviceFallback = z.infer<typeof deviceFallbackSchema>;

/** Failures of the Realtime session itself; they end it (after retries where they apply). */
export const SESSION_ERROR_KINDS = ['auth', 'connect', 'server', 'dropped'] as const;
/** 'key-origin': the key was not sent because the endpoint is not the one it was given for. */
export const STANDING_ERROR_KINDS = [...SESSION_ERROR_KINDS, 'key-origin'] as const;
export const USER_FACING_ERROR_KINDS = [...STANDING_ERROR_KINDS, 'audio', 'input', 'protocol'] as const;
export const userFacingErrorKindSchema = z.enum(USER_FACING_ERROR_KINDS);
export type UserFacingErrorKind = z.infer<typeof userFacingErrorKindSchema>;

/** A problem the user can act on: plain words plus the next step. */
export const userFacingErrorSchema = z.object({
  kind: userFacingErrorKindSchema,
  message: z.string(),
  /** The next step, e.g. "Open Settings and replace the API key." */
  action: z.string().optional(),
});
export type UserFacingError = z.infer<typeof userFacingErrorSchema>;

export const VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'] as const;
