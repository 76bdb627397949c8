import { z } from 'zod';

/**
 * Catalogue and form definitions, in the shape of the platform's `catalog` and `forms` datasets
 * (docs/platform-protocol.md §5). The terminal ships a copy (seed/catalog.json) so that it works
 * before its first sync.
 */
export const prefillSourceSchema = z.enum([
  'id_card.name', 'id_card.id_number', 'id_card.gender', 'id_card.birth_date', 'id_card.address', 'id_card.nation',
]);
export type PrefillSource = z.infer<typeof prefillSourceSchema>;

export const formFieldSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_]{1,64}$/),
  type: z.enum(['text', 'digits', 'phone', 'date', 'select', 'number']),
  label: z.string().min(1),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
  pattern: z.string().optional(),
  max_length: z.number().int().positive().optional(),
  prefill: prefillSourceSchema.optional(),
});
export type FormField = z.infer<typeof formFieldSchema>;

export const formSchema = z.object({
  form_id: z.string(),
  version: z.number().int().nonnegative(),
  fields: z.array(formFieldSchema),
});
export type FormDefinition = z.infer<typeof formSchema>;

export const serviceItemSchema = z.object({
  code: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
  name: z.string(),
  category: z.string(),
  description: z.string().default(''),
  offline_allowed: z.boolean(),
  proxy_allowed: z.boolean(),
  required_identification: z.array(z.string()).default([]),
  form_id: z.string(),
  materials: z.array(z.string()).default([]),
  time_limit_days: z.number().int().nullable().default(null),
});
export type ServiceItem = z.infer<typeof serviceItemSchema>;

export const catalogSeedSchema = z.object({
  version: z.number().int(),
  services: z.array(serviceItemSchema),
  forms: z.array(formSchema),
});
export type CatalogSeed = z.infer<typeof catalogSeedSchema>;
