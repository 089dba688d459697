// Domain types shared by the core and the renderer: what a conversation and the assistant look like.

export type TalkMode = 'ptt' | 'vad';

/** What the assistant is doing, from the user's point of view. */
export type AssistantActivity = 'idle' | 'listening' | 'thinking' | 'speaking';

export type TurnStatus = 'in_progress' | 'done' | 'cancelled' | 'truncated' | 'failed';

export interface Turn {
  /** Server item id when known, else a local id. */
  id: string;
  role: 'user' | 'assistant';
  /** How it was said: typed text or spoken audio. */
  kind: 'text' | 'audio';
  /** Text, or the transcript of the audio (trimmed to what was heard when truncated). */
  text: string;
  status: TurnStatus;
  /** Milliseconds of audio in the turn (captured for the user; played for the assistant). */
  audioMs?: number;
  /** Why the turn failed, in plain words. */
  error?: string;
  createdAt: number;
}

export interface AudioDevice {
  /** Stable identity: host API + name, not the PortAudio index. */
  id: string;
  name: string;
  hostApi: string;
  isDefault: boolean;
  maxChannels: number;
  defaultSampleRate: number;
}

export interface Level {
  rmsDbfs: number;
  peakDbfs: number;
}

/** A problem the user can act on: plain words plus the next step. */
export interface UserFacingError {
  kind: 'auth' | 'connect' | 'server' | 'dropped' | 'audio' | 'input' | 'protocol';
  message: string;
  /** The next step, e.g. "Open Settings and replace the API key." */
  action?: string;
}

export const VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'] as const;
