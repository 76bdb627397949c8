// The terminal side of sync: what main/ may use. Nothing here knows about main/ or the UI.
export { createSyncEngine } from './engine/engine';
export type { SyncEngine, SyncEngineOptions } from './engine/engine';
export { defaultSyncConfig, resolveConfig } from './engine/config';
export type { SyncConfig, SyncConfigInput } from './engine/config';
export type { SyncStatus, LinkState, CycleReport, RejectedEvent } from './engine/status';
export { syncMigrations } from './schema';
export type { SyncMigration } from './schema';
export type { Sealer } from './sealer';
export type { SyncLogger } from './logger';
export { OutboxStore } from './outbox/outbox-store';
export type * from './outbox/types';
export { DatasetStore } from './changes/dataset-store';
export type * from './changes/datasets';
export { prepareAttachment } from './blobs/prepare';
export { imagePolicy } from './blobs/image';
export type { EnrolOptions, EnrolResult } from './enrol/enrol';
export { runSyncCli } from './cli';
export type { SyncCliDeps, SyncCliIo } from './cli';
