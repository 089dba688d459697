// The JSON frames web mode exchanges over its loopback WebSocket. The renderer's web bridge speaks the
// same three shapes: a request, the reply to a request, and a pushed event.
import { z } from 'zod';
import type { IpcResult } from './envelope';

/** Renderer → core. `id` is chosen by the renderer and echoed in the reply. */
export const requestFrameSchema = z
  .object({
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    name: z.string().max(100),
    payload: z.unknown().optional(),
  })
  .strict();

export type RequestFrame = z.infer<typeof requestFrameSchema>;

/** Core → renderer: the envelope `dispatchRequest` returned. `id` is null when the request was unreadable. */
export interface ReplyFrame {
  id: number | null;
  result: IpcResult<unknown>;
}

/** Core → renderer: a contract event. */
export interface EventFrame {
  event: string;
  payload: unknown;
}
