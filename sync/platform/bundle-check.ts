import { BundleDefinitionSchema, type BundleDefinition } from '../protocol/wire';
import type { PayloadCheck } from './validate-payload';

/**
 * A member of a 一件事 bundle must belong to a bundle this platform publishes: the code is known and
 * active, the item's service is one of its services, and the bundle has as many members as services.
 * The shape of `payload.bundle` is checked before (validateBundle).
 */
export function checkBundleMembership(
  bundle: { code: string; members: readonly string[] },
  serviceCode: string,
  published: unknown,
): PayloadCheck {
  const list = Array.isArray(published) ? published : [];
  const found = list
    .map((b) => BundleDefinitionSchema.safeParse(b))
    .flatMap((r) => (r.success ? [r.data] : []))
    .find((b: BundleDefinition) => b.code === bundle.code);
  if (!found) return { ok: false, message: `payload.bundle.code: 一件事 ${bundle.code} 不存在` };
  if (!found.active) return { ok: false, message: `payload.bundle.code: 一件事 ${bundle.code} 已停办` };
  if (!found.services.includes(serviceCode))
    return { ok: false, message: `payload.bundle: 事项 ${serviceCode} 不属于一件事 ${bundle.code}` };
  if (bundle.members.length !== found.services.length)
    return {
      ok: false,
      message: `payload.bundle.members: 一件事 ${bundle.code} 应有 ${found.services.length} 件申请`,
    };
  return { ok: true };
}
