// Collects one response from the session client's normalised events: text, transcript and audio as
// the caller would assemble them, plus the final response.
import type { SessionClient } from '../../src/main/realtime/session-client';
import type { ResponseInfo, ServerEvent, ServerEventOf, ServerEventType } from '../../src/shared/protocol/events';

interface CollectedResponse {
  text: string;
  transcript: string;
  audio: Uint8Array;
  outputItemId: string | null;
  response: ResponseInfo;
  events: ServerEvent[];
}

/** Resolves at the next response.done; register it before sending the request. */
export function nextResponse(client: SessionClient, timeoutMs = 20_000): Promise<CollectedResponse> {
  return new Promise((resolve, reject) => {
    const events: ServerEvent[] = [];
    const audio: Uint8Array[] = [];
    let text = '';
    let transcript = '';
    let outputItemId: string | null = null;
    const onEvent = (event: ServerEvent): void => {
      if (event.type === 'response.created') events.length = 0;
      events.push(event);
      if (event.type === 'response.text.delta') text += event.delta;
      else if (event.type === 'response.audio_transcript.delta') transcript += event.delta;
      else if (event.type === 'response.audio.delta') audio.push(Buffer.from(event.delta, 'base64'));
      else if (event.type === 'response.output_item.added') outputItemId = event.item.id ?? null;
      else if (event.type === 'response.done') {
        client.off('event', onEvent);
        clearTimeout(timer);
        resolve({ text, transcript, audio: concat(audio), outputItemId, response: event.response, events });
      }
    };
    const timer = setTimeout(() => {
      client.off('event', onEvent);
      reject(new Error(`no response.done within ${timeoutMs} ms`));
    }, timeoutMs);
    client.on('event', onEvent);
  });
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Deterministic pcm16 (24 kHz mono) that is not silence: a chirp plus a little seeded noise. */
export function testPcm16(ms: number): Uint8Array {
  const samples = Math.round((ms * 24_000) / 1000);
  const view = new DataView(new ArrayBuffer(samples * 2));
  let seed = 12345;
  for (let i = 0; i < samples; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const noise = ((seed >> 8) % 2000) - 1000;
    const value = Math.round(9000 * Math.sin((2 * Math.PI * (300 + i / 100) * i) / 24_000)) + noise;
    view.setInt16(i * 2, value, true);
  }
  return new Uint8Array(view.buffer);
}

/** 20 ms chunks (960 bytes at 24 kHz pcm16), the usual capture cadence. */
export function chunks20ms(pcm: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < pcm.length; at += 960) out.push(pcm.subarray(at, at + 960));
  return out;
}

/** Resolves with the next normalised event of `type`; register it before causing the event. */
export function nextEvent<T extends ServerEventType>(client: SessionClient, type: T, timeoutMs = 20_000): Promise<ServerEventOf<T>> {
  return new Promise((resolve, reject) => {
    const onEvent = (event: ServerEvent): void => {
      if (event.type !== type) return;
      client.off('event', onEvent);
      clearTimeout(timer);
      resolve(event as ServerEventOf<T>);
    };
    const timer = setTimeout(() => {
      client.off('event', onEvent);
      reject(new Error(`no ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    client.on('event', onEvent);
  });
}
