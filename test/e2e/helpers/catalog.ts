import type { FormDefinition, ServiceItem } from '../../../main/services/catalog-schema';
import { CatalogService } from '../../../main/services/catalog-service';

/** The shipped seed catalogue; the one place e2e tests name its path. */
const SEED = new URL('../../../seed/catalog.json', import.meta.url);

/** Every active service of the seed catalogue with its form, in catalogue order. */
export function seedServices(): { service: ServiceItem; form: FormDefinition }[] {
  const catalog = CatalogService.fromFile(SEED);
  return catalog.services().map((service) => {
    const form = catalog.form(service.form_id);
    if (!form) throw new Error(`seed service ${service.code} has no form ${service.form_id}`);
    return { service, form };
  });
}
