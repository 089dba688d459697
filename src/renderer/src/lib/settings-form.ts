// The Settings form's logic, kept out of the components: what changed, and which field an error is about.
import { AssistantError } from '../../../shared/ipc/envelope';
import { settingsSchema, type Settings, type SettingsPatch } from '../../../shared/settings';

export type FieldErrors = Partial<Record<keyof Settings, string>>;

/** The fields of `draft` that differ from `saved`. */
export function changedFields(saved: Settings, draft: Settings): SettingsPatch {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(settingsSchema.shape) as (keyof Settings)[]) {
    if (!Object.is(saved[key], draft[key])) patch[key] = draft[key];
  }
  return patch as SettingsPatch;
}

/** Checks each field of a patch with the shared schema, so errors show next to their field before saving. */
export function validatePatch(patch: SettingsPatch): FieldErrors {
  const errors: FieldErrors = {};
  for (const [key, value] of Object.entries(patch) as [keyof Settings, unknown][]) {
    const field = settingsSchema.shape[key];
    const parsed = field.safeParse(value);
    if (!parsed.success) errors[key] = friendly(key, parsed.error.issues[0]?.message);
  }
  return errors;
}

/**
 * The fields a failed save names, each with its message in plain words; null when the failure is not
 * about any field (the form shows its message instead).
 */
export function errorsFromFailure(error: unknown): FieldErrors | null {
  if (!(error instanceof AssistantError)) return null;
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.split('.')[0] as keyof Settings;
    if (Object.hasOwn(settingsSchema.shape, key)) errors[key] ??= friendly(key, issue.message);
  }
  return Object.keys(errors).length ? errors : null;
}

// zod's own messages are for developers; these are for people.
function friendly(key: keyof Settings, message: string | undefined): string {
  switch (key) {
    case 'vadThreshold':
      return 'Enter a number from 0 to 1.';
    case 'vadPrefixPaddingMs':
      return 'Enter whole milliseconds from 0 to 2000.';
    case 'vadSilenceDurationMs':
      return 'Enter whole milliseconds from 100 to 5000.';
    case 'sessionMaxMinutes':
      return 'Enter whole minutes from 5 to 120.';
    case 'voice':
      return 'Choose a voice.';
    case 'model':
      return 'A model id is at most 200 characters.';
    case 'instructions':
      return 'Instructions are at most 10,000 characters.';
    case 'costWarningUsd':
      return 'Enter an amount in dollars above 0, or leave it empty for no warning.';
    case 'prices':
      return 'Each price is 0 or more dollars per million tokens, with the date it is valid from.';
    default:
      return message && !message.startsWith('Invalid input') ? message : 'This value is not valid.';
  }
}
