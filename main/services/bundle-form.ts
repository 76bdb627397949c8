import type { BundleDefinition, FormDefinition, FormField, ServiceItem } from './catalog-schema';
import type { CatalogService } from './catalog-service';

export interface BundleMember {
  readonly service: ServiceItem;
  readonly form: FormDefinition;
}

export interface BundleForm {
  readonly bundle: BundleDefinition;
  /** One form asking each field once: the members' fields by key, in the order first met. */
  readonly form: FormDefinition;
  readonly members: readonly BundleMember[];
}

/** Everything that decides what a value may be; two members may share a key only if these agree. */
function ruleOf(f: FormField): string {
  return JSON.stringify([
    f.type,
    f.options ?? null,
    f.pattern ?? null,
    f.max_length ?? null,
    f.min ?? null,
    f.max ?? null,
    f.prefill ?? null,
  ]);
}

/**
 * The combined form of a 一件事 bundle. A field several members need is asked once (required if
 * any member requires it) and its answer goes to every member that has it. Members that use one
 * key with different rules cannot share an answer: the bundle is then not offered (`conflict`),
 * since the platform checks each member on its own and would refuse one of them.
 */
export function combineBundleForm(
  bundle: BundleDefinition,
  catalog: Pick<CatalogService, 'service' | 'form'>,
): { ok: true; value: BundleForm } | { ok: false; reason: 'member_unavailable' | 'conflict'; key?: string } {
  const members: BundleMember[] = [];
  for (const code of bundle.services) {
    const service = catalog.service(code);
    const form = service ? catalog.form(service.form_id) : null;
    if (!service || !form) return { ok: false, reason: 'member_unavailable' };
    members.push({ service, form });
  }
  const byKey = new Map<string, FormField>();
  for (const { form } of members) {
    for (const f of form.fields) {
      const seen = byKey.get(f.key);
      if (!seen) byKey.set(f.key, f);
      else if (ruleOf(seen) !== ruleOf(f)) return { ok: false, reason: 'conflict', key: f.key };
      else if (f.required && !seen.required) byKey.set(f.key, { ...seen, required: true });
    }
  }
  return {
    ok: true,
    value: {
      bundle,
      members,
      form: { id: `bundle:${bundle.code}`, version: bundle.version, title: bundle.name, fields: [...byKey.values()] },
    },
  };
}

/** The answers of the combined form that one member's form takes. */
export function memberValues<V>(form: FormDefinition, values: Record<string, V>): Record<string, V> {
  return Object.fromEntries(form.fields.filter((f) => f.key in values).map((f) => [f.key, values[f.key]!]));
}
