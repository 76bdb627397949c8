import { DATASETS, DATASET_VALUE_SCHEMAS } from '../protocol/wire';
import type { Agent, Announcement, CatalogService, Dataset, Form, TxStatus } from '../protocol/wire';

/** Reference data downloaded from the platform (protocol §5); value schemas come from sync/protocol. */
export type DatasetName = Dataset;
export type CatalogItem = CatalogService;
export type FormDefinition = Form;
export type { Agent, Announcement, TxStatus };

export const datasetNames = DATASETS;
export const datasetSchemas = DATASET_VALUE_SCHEMAS;

/** Datasets holding personal data (agent names and ID hashes, notes on a villager's case) are sealed at rest. */
export const sealedDatasets: ReadonlySet<DatasetName> = new Set<DatasetName>(['agents', 'tx_status']);
