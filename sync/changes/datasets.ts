import { z } from 'zod';

/**
 * Reference data downloaded from the platform (protocol §5). Schemas check the fields the
 * terminal relies on and keep everything else, so a newer platform can add fields freely.
 */
export const catalogItemSchema = z.looseObject({
  code: z.string().min(1),
  name: z.string(),
  category: z.string().optional(),
  description: z.string().optional(),
  offline_allowed: z.boolean().optional(),
  proxy_allowed: z.boolean().optional(),
  form_id: z.string().nullable().optional(),
});
export type CatalogItem = z.infer<typeof catalogItemSchema>;

export const formSchema = z.looseObject({
  form_id: z.string().min(1).optional(),
  version: z.number().int().optional(),
  fields: z.array(z.looseObject({})),
});
export type FormDefinition = z.infer<typeof formSchema>;

export const announcementSchema = z.looseObject({
  title: z.string(),
});
export type Announcement = z.infer<typeof announcementSchema>;

export const txStatusSchema = z.looseObject({
  tx_id: z.string().optional(),
  server_ref: z.string().nullable().optional(),
  status: z.enum(['accepted', 'in_progress', 'needs_more', 'completed', 'refused']),
  note: z.string().nullable().optional(),
  time: z.string().nullable().optional(),
});
export type TxStatus = z.infer<typeof txStatusSchema>;

export const agentSchema = z.looseObject({
  id: z.string().min(1).optional(),
  name: z.string(),
  roles: z.array(z.string()).optional(),
  active: z.boolean().optional(),
});
export type Agent = z.infer<typeof agentSchema>;

export const configValueSchema = z.unknown();

export const datasetNames = ['catalog', 'forms', 'announcements', 'tx_status', 'agents', 'config'] as const;
export type DatasetName = (typeof datasetNames)[number];

export const datasetSchemas: Record<DatasetName, z.ZodType> = {
  catalog: catalogItemSchema,
  forms: formSchema,
  announcements: announcementSchema,
  tx_status: txStatusSchema,
  agents: agentSchema,
  config: configValueSchema,
};

/** Datasets holding personal data (agent names, notes about a villager's case) are sealed at rest. */
export const sealedDatasets: ReadonlySet<DatasetName> = new Set<DatasetName>(['agents', 'tx_status']);
