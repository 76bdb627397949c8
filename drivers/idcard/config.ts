import { z } from 'zod';
import { MIN_POLL_INTERVAL_MS } from './driver';

/**
 * Station configuration of the ID card reader (what a technician sets in the provisioning
 * wizard or the config file). Parsed at the boundary; the driver gets the typed result.
 */
export const idCardReaderConfigSchema = z.strictObject({
  port: z.string().min(1),
  baudRate: z
    .union([z.literal(115200), z.literal(57600), z.literal(38400), z.literal(19200), z.literal(9600)])
    .default(115200),
  pollIntervalMs: z.number().int().min(MIN_POLL_INTERVAL_MS).max(10_000).default(500),
  readFingerprint: z.boolean().default(false),
  readAppendedAddress: z.boolean().default(false),
});

export type IdCardReaderConfig = z.infer<typeof idCardReaderConfigSchema>;
