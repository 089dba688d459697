// The internal vocabulary of the Realtime protocol. Both wire dialects are normalised onto these
// shapes (beta names, flat session) so everything past the normaliser handles one set of events.

export type { Dialect, DialectSetting } from '../domain';

/** The flat (beta) names of the audio formats; the GA dialect spells them as MIME types. */
export const AUDIO_FORMATS = ['pcm16', 'g711_ulaw', 'g711_alaw'] as const;
export type AudioFormat = (typeof AUDIO_FORMATS)[number];
export type Modality = 'text' | 'audio';

export interface ServerVad {
  type: 'server_vad';
  threshold?: number;
  prefix_padding_ms?: number;
  silence_duration_ms?: number;
  create_response?: boolean;
  interrupt_response?: boolean;
}
interface SemanticVad {
  type: 'semantic_vad';
  eagerness?: 'low' | 'medium' | 'high' | 'auto';
  create_response?: boolean;
  interrupt_response?: boolean;
}
export type TurnDetection = ServerVad | SemanticVad | null;

export interface InputTranscription {
  model: string;
  language?: string;
  prompt?: string;
}

/** Session configuration in the flat (beta) shape; GA's nested shape is mapped to and from it. */
export interface SessionConfig {
  model?: string;
  modalities?: Modality[];
  instructions?: string;
  voice?: string;
  input_audio_format?: AudioFormat;
  output_audio_format?: AudioFormat;
  turn_detection?: TurnDetection;
  input_audio_transcription?: InputTranscription | null;
  input_audio_noise_reduction?: { type: 'near_field' | 'far_field' } | null;
  temperature?: number;
  max_response_output_tokens?: number | 'inf';
  tools?: unknown[];
  tool_choice?: string;
}

/** What the server says it applied: the config plus identity. */
export interface SessionInfo extends SessionConfig {
  id?: string;
}

export type ContentPart =
  | { type: 'input_text'; text: string }
  | { type: 'input_audio'; audio?: string; transcript?: string | null }
  | { type: 'text'; text: string }
  | { type: 'audio'; audio?: string; transcript?: string | null };

export interface ConversationItem {
  id?: string;
  type: 'message' | 'function_call' | 'function_call_output';
  role?: 'user' | 'assistant' | 'system';
  status?: 'completed' | 'incomplete' | 'in_progress';
  content?: ContentPart[];
  call_id?: string;
  name?: string;
  arguments?: string;
  output?: string;
}

export interface Usage {
  total_tokens?: number;
  input_tokens?: number;
  output_tokens?: number;
  input_token_details?: { text_tokens?: number; audio_tokens?: number; cached_tokens?: number };
  output_token_details?: { text_tokens?: number; audio_tokens?: number };
}

export type ResponseStatus = 'in_progress' | 'completed' | 'cancelled' | 'failed' | 'incomplete';

export interface ResponseInfo {
  id: string;
  status?: ResponseStatus;
  status_details?: unknown;
  output?: ConversationItem[];
  usage?: Usage | null;
}

export interface ServerErrorBody {
  type: string;
  code?: string | null;
  message: string;
  param?: string | null;
  event_id?: string | null;
}

interface ContentRef {
  response_id: string;
  item_id: string;
  output_index: number;
  content_index: number;
}

/** Every server event the client understands, after normalisation. */
export type ServerEvent =
  | { type: 'error'; error: ServerErrorBody }
  | { type: 'session.created'; session: SessionInfo }
  | { type: 'session.updated'; session: SessionInfo }
  | { type: 'conversation.created'; conversation: { id: string } }
  | { type: 'input_audio_buffer.committed'; item_id: string; previous_item_id?: string | null }
  | { type: 'input_audio_buffer.cleared' }
  | { type: 'input_audio_buffer.speech_started'; audio_start_ms: number; item_id: string }
  | { type: 'input_audio_buffer.speech_stopped'; audio_end_ms: number; item_id: string }
  /** beta `conversation.item.created` and GA `conversation.item.added`. */
  | { type: 'conversation.item.created'; item: ConversationItem; previous_item_id?: string | null }
  /** GA only: the item is complete. */
  | { type: 'conversation.item.done'; item: ConversationItem; previous_item_id?: string | null }
  | { type: 'conversation.item.input_audio_transcription.delta'; item_id: string; content_index?: number; delta: string }
  | { type: 'conversation.item.input_audio_transcription.completed'; item_id: string; content_index?: number; transcript: string }
  | { type: 'conversation.item.input_audio_transcription.failed'; item_id: string; content_index?: number; error: ServerErrorBody }
  | { type: 'conversation.item.truncated'; item_id: string; content_index: number; audio_end_ms: number }
  | { type: 'conversation.item.deleted'; item_id: string }
  | { type: 'response.created'; response: ResponseInfo }
  | { type: 'response.done'; response: ResponseInfo }
  | { type: 'response.output_item.added'; response_id: string; output_index: number; item: ConversationItem }
  | { type: 'response.output_item.done'; response_id: string; output_index: number; item: ConversationItem }
  | ({ type: 'response.content_part.added'; part: ContentPart } & ContentRef)
  | ({ type: 'response.content_part.done'; part: ContentPart } & ContentRef)
  | ({ type: 'response.text.delta'; delta: string } & ContentRef)
  | ({ type: 'response.text.done'; text: string } & ContentRef)
  /** `delta` is validated base64 of pcm16 (or g711) audio. */
  | ({ type: 'response.audio.delta'; delta: string } & ContentRef)
  | ({ type: 'response.audio.done' } & ContentRef)
  | ({ type: 'response.audio_transcript.delta'; delta: string } & ContentRef)
  | ({ type: 'response.audio_transcript.done'; transcript: string } & ContentRef)
  | { type: 'response.function_call_arguments.delta'; response_id: string; item_id: string; call_id: string; delta: string }
  | { type: 'response.function_call_arguments.done'; response_id: string; item_id: string; call_id: string; arguments: string }
  | { type: 'rate_limits.updated'; rate_limits: { name: string; limit: number; remaining: number; reset_seconds: number }[] };

export type ServerEventType = ServerEvent['type'];
export type ServerEventOf<T extends ServerEventType> = Extract<ServerEvent, { type: T }>;

/** Client events in the internal vocabulary; the encoder writes them in the peer's dialect. */
export type ClientEvent =
  | { type: 'session.update'; session: SessionConfig }
  | { type: 'input_audio_buffer.append'; audio: string }
  | { type: 'input_audio_buffer.commit' }
  | { type: 'input_audio_buffer.clear' }
  | { type: 'conversation.item.create'; item: ConversationItem; previous_item_id?: string | null }
  | { type: 'conversation.item.truncate'; item_id: string; content_index: number; audio_end_ms: number }
  | { type: 'conversation.item.delete'; item_id: string }
  | { type: 'response.create'; response?: { modalities?: Modality[]; instructions?: string; voice?: string } }
  | { type: 'response.cancel'; response_id?: string };
