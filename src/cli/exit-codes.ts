// Exit codes are part of the CLI's contract: scripts branch on them.
import type { SessionErrorKind } from '../main/realtime/types';

export const EXIT = { ok: 0, other: 1, keyRejected: 2, cannotConnect: 3, serverFatal: 4 } as const;

export function exitCodeFor(kind: SessionErrorKind): number {
  switch (kind) {
    case 'auth':
      return EXIT.keyRejected;
    case 'connect':
      return EXIT.cannotConnect;
    case 'server':
      return EXIT.serverFatal;
    default:
      return EXIT.other;
  }
}

/** A failure the CLI reports as one plain line and an exit code. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** A flag or argument the CLI cannot use; web mode also prints its usage text after it. */
export class UsageError extends CliFailure {
  constructor(message: string) {
    super(message, EXIT.other);
  }
}
