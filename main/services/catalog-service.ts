import { readFileSync } from 'node:fs';
import { catalogSeedSchema, type CatalogSeed, type FormDefinition, type ServiceItem } from './catalog-schema';

/** Where catalogue data comes from once the platform has sent its own (sync `catalog`/`forms`). */
export interface CatalogSource {
  services(): ServiceItem[] | null;
  form(formId: string): FormDefinition | null;
}

/**
 * The services a villager can choose. Synced platform data wins; the shipped seed keeps the
 * terminal useful before its first sync and during a long outage. Withdrawn services are hidden.
 */
export class CatalogService {
  readonly #seed: CatalogSeed;

  constructor(
    seed: CatalogSeed,
    readonly synced: CatalogSource | null = null,
    /** The county's `services_shown` (remote configuration): only these codes, when set. */
    readonly shown: () => readonly string[] | undefined = () => undefined,
  ) {
    this.#seed = seed;
  }

  static fromFile(
    path: string | URL,
    synced: CatalogSource | null = null,
    shown?: () => readonly string[] | undefined,
  ): CatalogService {
    return new CatalogService(catalogSeedSchema.parse(JSON.parse(readFileSync(path, 'utf8'))), synced, shown);
  }

  services(): ServiceItem[] {
    const synced = this.synced?.services();
    const shown = this.shown();
    return (synced && synced.length > 0 ? synced : this.#seed.services).filter(
      (s) => s.active && (shown === undefined || shown.includes(s.code)),
    );
  }

  service(code: string): ServiceItem | null {
    return this.services().find((s) => s.code === code) ?? null;
  }

  form(formId: string): FormDefinition | null {
    return this.synced?.form(formId) ?? this.#seed.forms.find((f) => f.id === formId) ?? null;
  }
}
