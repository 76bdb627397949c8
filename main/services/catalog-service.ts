import { readFileSync } from 'node:fs';
import {
  bundleDefinitionSchema,
  catalogSeedSchema,
  type BundleDefinition,
  type CatalogSeed,
  type FormDefinition,
  type ServiceItem,
} from './catalog-schema';

/** Where catalogue data comes from once the platform has sent its own (sync `catalog`/`forms`). */
export interface CatalogSource {
  services(): ServiceItem[] | null;
  form(formId: string): FormDefinition | null;
  /** The platform's `config.bundles` as sent (checked here), or null before it sent any. */
  bundles?(): unknown;
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

  /** The shipped 好差评 reason list (the platform's synced `config` setting wins, see evaluation-reasons.ts). */
  seedEvaluationReasons(): { code: string; label: string }[] {
    return this.#seed.evaluation_reasons ?? [];
  }

  /**
   * 一件事一次办 bundles that can be applied for now: active, and every member service offered with
   * its form. The platform's list wins once synced (an entry that does not parse is left out).
   */
  bundles(): BundleDefinition[] {
    const synced = this.synced?.bundles?.();
    const list = Array.isArray(synced)
      ? synced.flatMap((b) => {
          const r = bundleDefinitionSchema.safeParse(b);
          return r.success ? [r.data] : [];
        })
      : (this.#seed.bundles ?? []);
    return list.filter(
      (b) =>
        b.active &&
        b.services.every((code) => {
          const s = this.service(code);
          return s !== null && this.form(s.form_id) !== null;
        }),
    );
  }

  bundle(code: string): BundleDefinition | null {
    return this.bundles().find((b) => b.code === code) ?? null;
  }
}
