// What the assistant is given (a session, the audio ports, its settings) and what it tells its owner.
import type { AssistantActivity, Level, Turn, UserFacingError } from '../../shared/domain';
import type { Settings } from '../../shared/settings';
import type { AudioPorts } from '../audio/ports';
import type { SessionClient } from '../realtime/session-client';
import type { ConversationModel, ConversationReset } from './conversation-model';

export type SessionPort = Pick<SessionClient, 'state' | 'on' | 'off' | 'appendAudio' | 'commitAudio' | 'clearAudio' | 'sendText' | 'createItem' | 'createResponse' | 'cancelResponse' | 'truncate' | 'updateSession'>;

export interface AssistantOptions {
  session: SessionPort;
  audio: AudioPorts;
  /**
   * The settings that shape turns, read when needed: `mode`, and `halfDuplex` (when to gate the microphone
   * while the assistant speaks: HALF_DUPLEX_MODES). Call applySettings() after they change.
   */
  settings: () => Pick<Settings, 'mode' | 'halfDuplex'>;
  /** Carried over from the previous session so a reconnect keeps what the user sees. */
  conversation?: ConversationModel;
  /** A reply with no news for this long is cancelled with a notice. Default 30 s. */
  stallMs?: number;
  /** Token budget of the conversation replayed into each new server session (context-replay.ts). */
  replayTokens?: number;
}

export interface AssistantEvents {
  activity: [AssistantActivity];
  turn: [Turn];
  reset: [ConversationReset];
  level: [Level];
  notice: [string];
  error: [UserFacingError];
  /** Sent to the server: a truncation after barge-in (tests and benchmarks compare it with what was heard). */
  truncated: [{ itemId: string; audioEndMs: number }];
  /** A moment of the user's turn, the moment it happens, for the latency figures (turn-metrics.ts). */
  moment: [TurnMoment];
}

/** The push-to-talk key let go (a turn to commit), the commit sent, a typed message sent. */
export type TurnMoment = 'released' | 'committed' | 'text-sent';
