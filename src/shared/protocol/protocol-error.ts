// A frame from the server that could not be understood. Reported, never thrown out of the socket handler.

export type ProtocolErrorCode =
  | 'invalid_json' // the frame is not JSON
  | 'not_an_object' // JSON, but not an object
  | 'missing_type' // no string `type`
  | 'unknown_event' // a type this client does not know (servers add their own, e.g. `localai.*`)
  | 'invalid_fields' // a known type with missing or mistyped fields
  | 'invalid_base64'; // an audio delta that is not valid base64

export interface ProtocolError {
  code: ProtocolErrorCode;
  /** Plain words; safe to log (never includes the key). */
  message: string;
  /** The event type when one could be read. */
  eventType?: string;
  /** The first 200 characters of the frame, for diagnostics. */
  excerpt: string;
}
