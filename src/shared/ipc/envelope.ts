// How results and failures cross a transport: a request never rejects with a transport-specific error,
// it resolves to an envelope the bridge unwraps into a plain AssistantError on the renderer side.
import { z } from 'zod';
import { isRequestName, requests, type RequestName, type RequestOutput } from './contract';

export type IpcErrorCode = 'unknown_request' | 'invalid_payload' | 'unauthorized' | 'failed';

export interface IpcFailure {
  code: IpcErrorCode;
  message: string;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcFailure };

export const ipcFailureSchema = z.object({
  code: z.enum(['unknown_request', 'invalid_payload', 'unauthorized', 'failed']),
  message: z.string(),
});

export class AssistantError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AssistantError';
  }
}

export type Handlers = { [K in RequestName]: (input: z.output<(typeof requests)[K]['input']>) => Promise<RequestOutput<K>> | RequestOutput<K> };

/** Validates name and payload, runs the handler, and never throws: transports call this for every request. */
export async function dispatchRequest(handlers: Handlers, name: unknown, payload: unknown): Promise<IpcResult<unknown>> {
  if (!isRequestName(name)) return { ok: false, error: { code: 'unknown_request', message: `Unknown request "${String(name).slice(0, 60)}".` } };
  const parsed = requests[name].input.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
    return { ok: false, error: { code: 'invalid_payload', message: `Invalid ${name} request${where}: ${issue?.message ?? 'bad payload'}` } };
  }
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: { code: 'failed', message: error instanceof Error ? error.message : String(error) } };
  }
}

export function unwrapResult<T>(result: unknown): T {
  const envelope = result as IpcResult<T> | undefined;
  if (envelope && envelope.ok === true) return envelope.value;
  const failure = ipcFailureSchema.safeParse(envelope && 'error' in envelope ? envelope.error : undefined);
  throw failure.success ? new AssistantError(failure.data.code, failure.data.message) : new AssistantError('failed', 'The assistant sent an unreadable reply.');
}
