export * from './error-codes';
export * from './events';
export * from './kiosk-api';
export * from './methods';
export * from './result';
export * from './views';
export * from './wire-client';
