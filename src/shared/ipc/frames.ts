// The JSON frames web mode exchanges over its loopback WebSocket: a request, the reply to a request, and
// a pushed event. The core's web transport and the renderer's web bridge both read them with these schemas.
import { z } from 'zod';
import { EVENT_NAMES, events, type EventName, type EventPayload } from './contract';
import { ipcResultSchema, UNREADABLE_REPLY } from './envelope';

const frameId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Renderer → core. `id` is chosen by the renderer and echoed in the reply. */
export const requestFrameSchema = z
  .object({
    id: frameId,
    name: z.string().max(100),
    payload: z.unknown().optional(),
  })
  .strict();

export type RequestFrame = z.infer<typeof requestFrameSchema>;

/**
 * Core → renderer: the envelope `dispatchRequest` returned. `id` is null when the request was unreadable.
 * A result that cannot be read still answers its request, as a failure, so the request does not hang.
 */
export const replyFrameSchema = z.object({
  id: frameId.nullable(),
  result: ipcResultSchema.catch(UNREADABLE_REPLY),
});

export type ReplyFrame = z.input<typeof replyFrameSchema>;

/** An event as the renderer receives it: the name paired with its payload's type. */
export type ContractEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

/** Core → renderer: a contract event, its payload checked against that event's schema. */
export const eventFrameSchema = z
  .object({ event: z.enum(EVENT_NAMES), payload: z.unknown() })
  .transform((frame, ctx): ContractEvent => {
    const payload = events[frame.event].safeParse(frame.payload);
    if (!payload.success) {
      ctx.addIssue({ code: 'custom', path: ['payload'], message: `Invalid ${frame.event} payload` });
      return z.NEVER;
    }
    return { event: frame.event, payload: payload.data } as ContractEvent;
  });

export type EventFrame = z.input<typeof eventFrameSchema>;

const serverFrameSchema = z.union([replyFrameSchema, eventFrameSchema]);

/** Reads a frame from the core; null for anything that is neither a reply nor a valid contract event. */
export function parseServerFrame(text: string): z.output<typeof serverFrameSchema> | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const frame = serverFrameSchema.safeParse(json);
  return frame.success ? frame.data : null;
}
