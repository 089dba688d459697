// How results and failures cross a transport: a request never rejects with a transport-specific error,
// it resolves to an envelope the renderer unwraps into a plain AssistantError.
import { z } from 'zod';
import { errorText } from '../error-text';
import { InvalidInputError, issuesOf, type Issue } from '../invalid-input';
import { isRequestName, requests, type RequestName, type RequestOutput, type Requests } from './contract';

const IPC_ERROR_CODES = ['unknown_request', 'invalid_payload', 'unauthorized', 'failed'] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export interface IpcFailure {
  code: IpcErrorCode;
  /** For people, whatever the code. */
  message: string;
  /** Which parts of the input were refused: the renderer puts each next to its field. */
  issues?: Issue[];
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcFailure };

export const ipcFailureSchema = z.object({
  code: z.enum(IPC_ERROR_CODES),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const ipcResultSchema = z.discriminatedUnion('ok', [
  // JSON drops an undefined value, so `value` may be absent.
  z.object({ ok: z.literal(true), value: z.unknown().optional() }),
  z.object({ ok: z.literal(false), error: ipcFailureSchema }),
]);

export const UNREADABLE_REPLY: IpcResult<never> = { ok: false, error: { code: 'failed', message: 'The assistant sent an unreadable reply.' } };

export class AssistantError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
    readonly issues: readonly Issue[] = [],
  ) {
    super(message);
    this.name = 'AssistantError';
  }
}

/** A request's input as its handler gets it: validated, with the schema's trimming and defaults applied. */
export type HandlerInput<K extends RequestName> = z.output<Requests[K]['input']>;

/** The contract's requests, each handled for the client (page, window, hotkey) that made it. */
export type Handlers<Client> = {
  [K in RequestName]: (input: HandlerInput<K>, client: Client) => Promise<RequestOutput<K>> | RequestOutput<K>;
};

// Issues quote the input (an unknown key's name, every unknown key at once), so a page could make a reply
// as large as its request; one issue per settings field fits, and each stays short enough to show.
const MAX_ISSUES = 20;
const MAX_ISSUE_TEXT = 200;
const clip = (text: string): string => (text.length > MAX_ISSUE_TEXT ? `${text.slice(0, MAX_ISSUE_TEXT)}…` : text);
const boundedIssues = (issues: readonly Issue[]): Issue[] =>
  issues.slice(0, MAX_ISSUES).map((issue) => ({ path: clip(issue.path), message: clip(issue.message) }));

const failure = (code: IpcErrorCode, message: string, issues?: readonly Issue[]): IpcResult<never> => ({
  ok: false,
  error: issues?.length ? { code, message, issues: boundedIssues(issues) } : { code, message },
});

// String() throws for an object without a prototype or with a throwing toString, so objects are not quoted.
const nameText = (name: unknown): string => (typeof name === 'object' && name !== null ? 'an object' : String(name).slice(0, 60));

/**
 * Validates name and payload, runs the handler, validates its reply, and never throws: transports call
 * this for every request.
 */
export async function dispatchRequest<Client>(handlers: Handlers<Client>, name: unknown, payload: unknown, client: Client): Promise<IpcResult<unknown>> {
  if (!isRequestName(name)) return failure('unknown_request', `Unknown request "${nameText(name)}".`);
  const parsed = requests[name].input.safeParse(payload);
  if (!parsed.success) {
    const issues = boundedIssues(issuesOf(parsed.error));
    const first = issues[0];
    const where = first?.path ? ` (${first.path})` : '';
    return failure('invalid_payload', `Invalid ${name} request${where}: ${first?.message ?? 'bad payload'}`, issues);
  }
  let value: unknown;
  try {
    const handler = handlers[name] as (input: unknown, client: Client) => unknown;
    value = await handler(parsed.data, client);
  } catch (error) {
    if (error instanceof InvalidInputError) return failure('invalid_payload', error.message, error.issues);
    return failure('failed', errorText(error));
  }
  // The reply is held to the contract like the request: a handler's mistake must not reach the page as
  // data the page trusts. The message names the request only, never the value, which may hold anything.
  const reply = requests[name].output.safeParse(value);
  if (!reply.success) return failure('failed', `The assistant's reply to ${name} did not match the contract.`);
  return { ok: true, value: reply.data };
}

export function unwrapResult<T>(result: unknown): T {
  const envelope = ipcResultSchema.safeParse(result);
  const read = envelope.success ? envelope.data : UNREADABLE_REPLY;
  if (read.ok) return read.value as T;
  throw new AssistantError(read.error.code, read.error.message, read.error.issues);
}
