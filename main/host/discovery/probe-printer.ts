import { realTimeStatus } from '../../../drivers/printer/escpos-commands';
import { decodeStatus, isRealTimeStatusByte, mergeConditions } from '../../../drivers/printer/printer-status';
import type { PrinterTransport } from '../../../drivers/printer/transport';
import type { FixDetails, SelfTestCode } from '../../../rules/self-test-fixes';

export type PrinterProbe =
  | {
      readonly answered: true;
      readonly link: string;
      readonly problem: SelfTestCode | null;
      readonly details: FixDetails;
    }
  | { readonly answered: false; readonly link: string; readonly code: SelfTestCode; readonly details: FixDetails };

const QUERIES = [1, 2, 4] as const;

/**
 * Opens a printer link and asks DLE EOT 1, 2 and 4 (online, cover/paper, roll). An answer means an
 * ESC/POS printer is there and says whether paper is in and the cover shut; silence on an open link
 * is a write-only printer (`statusQueries: false` is then the way, with its cost).
 */
export async function probePrinter(transport: PrinterTransport, timeoutMs = 800): Promise<PrinterProbe> {
  const link = transport.describe;
  try {
    await transport.open();
  } catch {
    return { answered: false, link, code: 'printer_offline', details: { port: link } };
  }
  const bytes: number[] = [];
  const off = transport.events.on('data', (chunk) => bytes.push(...chunk.filter(isRealTimeStatusByte)));
  try {
    for (const n of QUERIES) await transport.write(realTimeStatus(n));
    const until = Date.now() + timeoutMs;
    while (bytes.length < QUERIES.length && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  } finally {
    off();
    await transport.close();
  }
  if (bytes.length < QUERIES.length)
    return { answered: false, link, code: 'printer_status_silent', details: { port: link } };
  const c = mergeConditions(QUERIES.map((n, i) => decodeStatus(n, bytes[i]!)));
  const problem: SelfTestCode | null = c.paperEnd
    ? 'printer_paper_out'
    : c.coverOpen
      ? 'printer_cover_open'
      : c.offline
        ? 'printer_offline'
        : null;
  return { answered: true, link, problem, details: { port: link } };
}
