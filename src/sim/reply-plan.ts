// What the simulated assistant says and what it costs: deterministic, so tests can assert on it.
import type { Usage } from '../shared/protocol/events';
import { bytesToMs, msToBytes } from '../shared/audio-format';
import { secondsLabel, tone } from './audio';
import type { Conversation, StoredItem } from './conversation';

/** Tone length per character of the reply, so text replies still have audible, timed audio. */
export const MS_PER_CHARACTER = 60;
/** A rough 20 audio tokens per second and 4 characters per text token. */
const MS_PER_AUDIO_TOKEN = 50;
const CHARS_PER_TEXT_TOKEN = 4;

export interface ReplyPlan {
  text: string;
  /** pcm16 to stream, or null for a text-only response. */
  audio: Buffer | null;
}

function userText(stored: StoredItem): string | null {
  for (const part of stored.item.content ?? []) {
    if (part.type === 'input_text' || part.type === 'text') return part.text;
  }
  return null;
}

function userAudio(stored: StoredItem): { audio: Buffer | null; transcript: string | null } | null {
  const part = stored.item.content?.find((p) => p.type === 'input_audio');
  if (!part) return null;
  return { audio: stored.audio ?? null, transcript: part.type === 'input_audio' ? (part.transcript ?? null) : null };
}

/** `voice` cut or repeated to `ms`. */
function spoken(voice: Buffer, ms: number): Buffer {
  const out = Buffer.alloc(msToBytes(ms));
  for (let at = 0; at < out.length; at += voice.length) voice.copy(out, at, 0, Math.min(voice.length, out.length - at));
  return out;
}

export function planReply(conversation: Conversation, withAudio: boolean, voice: Buffer | null = null): ReplyPlan {
  const last = conversation.lastUserMessage();
  const heard = last && userAudio(last);
  if (heard?.audio) {
    const text = `I heard ${secondsLabel(heard.audio.length)} seconds of audio.`;
    return { text, audio: withAudio ? Buffer.from(heard.audio) : null };
  }
  const said = last ? (userText(last) ?? heard?.transcript ?? null) : null;
  const text = said === null ? 'Hello from the simulator.' : `You said: ${said}`;
  const ms = text.length * MS_PER_CHARACTER;
  return { text, audio: withAudio ? (voice ? spoken(voice, ms) : tone(ms)) : null };
}

function textTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TEXT_TOKEN);
}

function audioTokens(bytes: number): number {
  return Math.ceil(bytesToMs(bytes) / MS_PER_AUDIO_TOKEN);
}

function itemTokens(stored: StoredItem): { text: number; audio: number } {
  let text = 0;
  for (const part of stored.item.content ?? []) {
    if (part.type === 'input_text' || part.type === 'text') text += textTokens(part.text);
    else if (part.transcript) text += textTokens(part.transcript);
  }
  return { text, audio: stored.audio ? audioTokens(stored.audio.length) : 0 };
}

/** Usage for a response: everything before its item is input; what was actually sent is output. */
export function usageFor(conversation: Conversation, outputItemId: string, sentText: string, sentAudioBytes: number): Usage {
  let inText = 0;
  let inAudio = 0;
  for (const stored of conversation.all()) {
    if (stored.item.id === outputItemId) break;
    const t = itemTokens(stored);
    inText += t.text;
    inAudio += t.audio;
  }
  const outText = textTokens(sentText);
  const outAudio = audioTokens(sentAudioBytes);
  return {
    total_tokens: inText + inAudio + outText + outAudio,
    input_tokens: inText + inAudio,
    output_tokens: outText + outAudio,
    input_token_details: { text_tokens: inText, audio_tokens: inAudio, cached_tokens: 0 },
    output_token_details: { text_tokens: outText, audio_tokens: outAudio },
  };
}
