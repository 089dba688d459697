// Everything one connection's session holds: applied config, conversation and input audio.
import type { SessionConfig, SessionInfo } from '../shared/protocol/events';
import { Conversation } from './conversation';
import { newId } from './ids';
import { InputBuffer } from './input-buffer';
import { defaultSession, mergeSession } from './wire-session';

export class SessionState {
  readonly createdAt = Math.floor(Date.now() / 1000);
  readonly conversationId = newId('conv');
  readonly conversation = new Conversation();
  readonly input = new InputBuffer();
  config: SessionInfo;

  constructor(model: string) {
    this.config = defaultSession(newId('sess'), model);
  }

  /** Applies a validated patch; the voice is fixed once the assistant has spoken, as on the service. */
  update(patch: SessionConfig): { ok: true } | { ok: false; message: string } {
    if (patch.voice !== undefined && patch.voice !== this.config.voice && this.hasAssistantAudio()) {
      return { ok: false, message: "Cannot update a conversation's voice if assistant audio is present." };
    }
    this.config = mergeSession(this.config, patch);
    return { ok: true };
  }

  private hasAssistantAudio(): boolean {
    return this.conversation.all().some((s) => s.item.role === 'assistant' && (s.audio?.length ?? 0) > 0);
  }
}
