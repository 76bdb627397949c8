/**
 * Catalogue and forms use the platform's own format (sync `catalog`/`forms` datasets,
 * docs/platform-protocol.md): the terminal's shipped seed (top-level seed/catalog.json) is the same file the
 * reference platform seeds, so that `catalog_version` and form keys agree before the first sync.
 */
export {
  BundleDefinitionSchema as bundleDefinitionSchema,
  type BundleDefinition,
  CatalogSeedSchema as catalogSeedSchema,
  type CatalogSeed,
  type CatalogService as ServiceItem,
  type Form as FormDefinition,
  type FormField,
} from '../../sync/protocol/wire';
export type { PREFILL_SOURCES } from '../../sync/protocol/wire';

import type { PREFILL_SOURCES } from '../../sync/protocol/wire';
export type PrefillSource = (typeof PREFILL_SOURCES)[number];
