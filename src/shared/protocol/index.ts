// Public surface of the protocol layer. Pure: runs in Node and in the renderer.
export type * from './events';
export type * from './protocol-error';
export { normaliseServerFrame, KNOWN_SERVER_EVENT_TYPES } from './normalise';
export type { NormaliseResult } from './normalise';
export { encodeClientEvent, userTextItem, assistantTextItem, systemTextItem } from './encode';
export {
  sessionFromWire,
  sessionToWire,
  isGaSessionShape,
  isBetaSessionShape,
  formatFromWire,
  gaOutputModalities,
} from './session-shape';
export {
  GA_TO_INTERNAL_EVENT,
  INTERNAL_TO_GA_EVENT,
  dialectOfEventName,
  internalEventName,
  wireEventName,
} from './dialect-names';
export { isValidBase64, base64ToBytes, bytesToBase64, base64ByteLength } from './base64';
export { SERVER_EVENT_SCHEMAS, isKnownServerEventType } from './server-schema';
