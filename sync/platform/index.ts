// The reference platform: in-process start for tests, admin client, seed loading.
export { startPlatform, loadSeed, DEFAULT_SEED_PATH } from './server';
export type { PlatformOptions, RunningPlatform } from './server';
export { PlatformAdminClient, PlatformAdminError } from './admin-client';
export type { AdminTransaction, AdminDevice } from './admin-client';
export type { FaultConfig, FaultConfigInput, FaultEndpoint, FaultKind } from './faults';
export { hashAgentIdNumber } from './admin-api';
export { isValidIdNumber } from './validate-payload';
