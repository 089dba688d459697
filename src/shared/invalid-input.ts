// A refused input, field by field. Thrown by whatever validates (the settings service), carried across
// the IPC as `issues`, and shown by the renderer next to the field each issue names.
import type { z } from 'zod';

export interface Issue {
  /** Where in the input, dot-separated ("vadThreshold", "fallback.kind"); empty for the input as a whole. */
  path: string;
  message: string;
}

export class InvalidInputError extends Error {
  constructor(
    message: string,
    readonly issues: readonly Issue[],
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

