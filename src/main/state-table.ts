// A lifecycle as a pure transition table (the session's connection, the speaker's output): every state change
// goes through `transition`, so a sequence the code was not built for surfaces as a bug in tests. An illegal
// step throws in development and tests; in production it is applied anyway, because following what really
// happened (the socket, the device) beats freezing on a stale state.

export class IllegalTransitionError extends Error {
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`Illegal ${machine} state transition: ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export interface StateTable<S extends string> {
  readonly states: readonly S[];
  canTransition(from: S, to: S): boolean;
  /** The states reachable from `from` in one step. */
  nextStates(from: S): readonly S[];
  /** Returns `to`; an illegal step throws when `strict` (by default outside production). */
  transition(from: S, to: S, strict?: boolean): S;
}

export function stateTable<S extends string>(machine: string, transitions: Readonly<Record<S, readonly S[]>>): StateTable<S> {
  const canTransition = (from: S, to: S): boolean => transitions[from].includes(to);
  return {
    states: Object.keys(transitions) as S[],
    canTransition,
    nextStates: (from) => transitions[from],
    transition(from, to, strict = process.env['NODE_ENV'] !== 'production') {
      if (!canTransition(from, to) && strict) throw new IllegalTransitionError(machine, from, to);
      return to;
    },
  };
}
