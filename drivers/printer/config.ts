import { z } from 'zod';

/** Printer configuration as the host config embeds it (docs/receipt-printer.md explains each field). */
export const printerTransportSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('serial'),
    port: z.string().min(1),
    baudRate: z.number().int().min(1200).max(921600).default(9600),
  }),
  z.object({ kind: z.literal('usb'), path: z.string().min(1) }),
  z.object({ kind: z.literal('tcp'), host: z.string().min(1), port: z.number().int().min(1).max(65535).default(9100) }),
]);

export const escPosPrinterConfigSchema = z.object({
  transport: printerTransportSchema,
  paperWidth: z.union([z.literal(58), z.literal(80)]).default(58),
  fontCoverage: z.enum(['gb2312', 'gbk', 'gb18030']).default('gbk'),
  /** CJK font (.ttf/.ttc/.otf) for characters the printer's font lacks. */
  rasterFontPath: z.string().min(1).optional(),
  statusTimeoutMs: z.number().int().min(50).max(10_000).default(800),
  /** Time for the printer to finish a job, on top of the bytes' wire time on serial links. */
  jobTimeoutMs: z.number().int().min(200).max(120_000).default(20_000),
  reconnectMs: z.number().int().min(50).max(60_000).default(2000),
  /** False for write-only USB clones that never answer status queries. */
  statusQueries: z.boolean().default(true),
});

export type EscPosPrinterConfig = z.output<typeof escPosPrinterConfigSchema>;
export type EscPosPrinterConfigInput = z.input<typeof escPosPrinterConfigSchema>;

/** Logs carry codes, counts and link names only — never receipt content. */
export interface PrinterLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
}
