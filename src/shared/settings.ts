// The settings schema: one source for defaults, validation and migration, used by electron-store in the
// app and by `conf` in web mode and tests. The API key is not a setting: it lives in the OS keychain.
import { z } from 'zod';
import { authModeSchema, dialectSettingSchema, hotkeyModeSchema, talkModeSchema } from './domain';
import { endpointProblem } from './endpoint-origin';
import { priceTableSchema } from './pricing';

export const HISTORY_RETENTIONS = ['forever', '90', '30'] as const;
export type HistoryRetention = (typeof HISTORY_RETENTIONS)[number];

/**
 * Whether hands-free mode mutes the microphone while the assistant speaks, so that it does not hear itself:
 * `auto` only when the echo canceller cannot run (or echo gets through it), `always`, or `off` (headphones).
 */
export const HALF_DUPLEX_MODES = ['auto', 'always', 'off'] as const;
export type HalfDuplexMode = (typeof HALF_DUPLEX_MODES)[number];

export const DEFAULT_ENDPOINT = 'wss://api.yuhuanstudio.com/v1/realtime';

/** Also checks the CLI's --endpoint, so a run-only endpoint is held to what Settings would accept. */
export const endpointSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = endpointProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

// Fields without defaults, so that a patch names only what it changes: zod's .partial() would still fill
// in every .default(), and a one-field patch would reset all the other settings.
const fields = {
  endpoint: endpointSchema,
  authMode: authModeSchema,
  dialect: dialectSettingSchema,
  model: z.string().trim().max(200),
  voice: z.string().trim().min(1).max(40),
  inputDeviceId: z.string().nullable(),
  outputDeviceId: z.string().nullable(),
  mode: talkModeSchema,
  vadThreshold: z.number().min(0).max(1),
  vadPrefixPaddingMs: z.number().int().min(0).max(2000),
  vadSilenceDurationMs: z.number().int().min(100).max(5000),
  halfDuplex: z.enum(HALF_DUPLEX_MODES),
  instructions: z.string().max(10_000),
  inputTranscription: z.boolean(),
  outputVolume: z.number().min(0).max(1),
  /** Global push-to-talk key, as a key name understood by the key hook (e.g. "F9", "Ctrl+Space"). */
  hotkey: z.string().trim().min(1).max(40),
  hotkeyMode: hotkeyModeSchema,
  /** Global key that shows or hides the quick-ask popup, in the same spelling as `hotkey`; '' for none. */
  quickAskHotkey: z.string().trim().max(40),
  /** Short sounds when push-to-talk starts and ends (the key was heard, the turn went out). */
  earcons: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
  /** The user chose the offline demo (simulator) instead of a key. */
  offlineDemo: z.boolean(),
  /** The desktop app starts when the user logs in (a login item, or an XDG autostart entry on Linux). */
  startAtLogin: z.boolean(),
  /** How long a server session lasts when the server does not say (no `expires_at`); it is renewed before. */
  sessionMaxMinutes: z.number().int().min(5).max(120),
  /** How long the history keeps a conversation after its last turn: for ever, or 90 or 30 days. */
  historyRetention: z.enum(HISTORY_RETENTIONS),
  /** Prices per model (US dollars per 1M tokens) that replace or add to the built-in list prices (pricing.ts). */
  prices: priceTableSchema,
  /** A notice once a conversation has cost more than this many US dollars; null for none. */
  costWarningUsd: z.number().positive().max(1_000_000).nullable(),
};

type Fields = typeof fields;

export const DEFAULT_SETTINGS: { [K in keyof Fields]: z.output<Fields[K]> } = {
  endpoint: DEFAULT_ENDPOINT,
  authMode: 'query',
  dialect: 'auto',
  model: '',
  voice: 'alloy',
  inputDeviceId: null,
  outputDeviceId: null,
  mode: 'ptt',
  vadThreshold: 0.5,
  vadPrefixPaddingMs: 300,
  vadSilenceDurationMs: 500,
  halfDuplex: 'auto',
  instructions: '',
  inputTranscription: true,
  outputVolume: 1,
  hotkey: 'F9',
  hotkeyMode: 'hold',
  // Three keys at once: rarely taken by another program, never typed by accident.
  quickAskHotkey: 'Ctrl+Alt+Space',
  earcons: true,
  theme: 'system',
  offlineDemo: false,
  startAtLogin: false,
  sessionMaxMinutes: 30,
  historyRetention: 'forever',
  prices: {},
  costWarningUsd: null,
};

export const settingsSchema = z.object(fields);
export type Settings = z.infer<typeof settingsSchema>;
export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;


/** What an older version stored, in today's words; anything else is left for the schema to judge. */
function upgraded(key: keyof Settings, value: unknown): unknown {
  // halfDuplex was on/off before the echo canceller: on becomes `auto`, which still mutes when echo cannot be cancelled.
  if (key === 'halfDuplex' && typeof value === 'boolean') return value ? 'auto' : 'off';
  return value;
}

/** Reads whatever is stored (older versions, hand edits) into valid settings: bad fields fall back to defaults. */
export function migrateSettings(stored: unknown): Settings {
  const input = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(fields) as (keyof Settings)[]) {
    const parsed = fields[key].safeParse(upgraded(key, input[key]));
    out[key] = parsed.success ? parsed.data : DEFAULT_SETTINGS[key];
  }
  return settingsSchema.parse(out);
}
