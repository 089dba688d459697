// Anything thrown, as one line of text: libraries and addons throw strings and plain objects too.
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
