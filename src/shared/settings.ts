// The settings schema: one source for defaults, validation and migration, used by electron-store in the
// app and by `conf` in web mode and tests. The API key is not a setting: it lives in the OS keychain.
import { z } from 'zod';

export const DEFAULT_ENDPOINT = 'wss://api.yuhuanstudio.com/v1/realtime';

export const settingsSchema = z.object({
  endpoint: z
    .string()
    .trim()
    .refine((v) => /^wss?:\/\/[^\s/]+/.test(v), 'The endpoint must start with wss:// (or ws:// for a local server).')
    .default(DEFAULT_ENDPOINT),
  authMode: z.enum(['query', 'bearer', 'subprotocol']).default('query'),
  dialect: z.enum(['auto', 'beta', 'ga']).default('auto'),
  model: z.string().trim().max(200).default(''),
  voice: z.string().trim().min(1).max(40).default('alloy'),
  inputDeviceId: z.string().nullable().default(null),
  outputDeviceId: z.string().nullable().default(null),
  mode: z.enum(['ptt', 'vad']).default('ptt'),
  vadThreshold: z.number().min(0).max(1).default(0.5),
  vadPrefixPaddingMs: z.number().int().min(0).max(2000).default(300),
  vadSilenceDurationMs: z.number().int().min(100).max(5000).default(500),
  /** Mute the microphone while the assistant speaks (no echo canceller on native audio). */
  halfDuplex: z.boolean().default(true),
  instructions: z.string().max(10_000).default(''),
  inputTranscription: z.boolean().default(true),
  outputVolume: z.number().min(0).max(1).default(1),
  /** Global push-to-talk key, as a key name understood by the key hook (e.g. "F9", "Ctrl+Space"). */
  hotkey: z.string().trim().min(1).max(40).default('F9'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** The user chose the offline demo (simulator) instead of a key. */
  offlineDemo: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsSchema>;
export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** Reads whatever is stored (older versions, hand edits) into valid settings: bad fields fall back to defaults. */
export function migrateSettings(stored: unknown): Settings {
  const input = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(settingsSchema.shape) as (keyof Settings)[]) {
    const field = settingsSchema.shape[key];
    const parsed = field.safeParse(input[key]);
    out[key] = parsed.success ? parsed.data : DEFAULT_SETTINGS[key];
  }
  return settingsSchema.parse(out);
}
