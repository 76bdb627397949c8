// Wire-level primitives of the kiosk ↔ platform protocol, shared by the terminal's sync client and
// the reference platform.
export * from './jcs';
export * from './content-digest';
export * from './keys';
export * from './message-signatures';
export * from './errors';
export * from './wire';
export * from './signed-request';
export * from './response-freshness';
export * from './payloads';
