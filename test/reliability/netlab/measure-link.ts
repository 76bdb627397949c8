// The raw link's own figures, measured in the same run as whatever is compared against them.
import type { WeakLink } from './weak-link';
import { nodeIn, waitForLine } from './node-in';

export interface LinkBaseline {
  rttMs: { min: number; median: number; max: number };
  bulkBytes: number;
  /** Receiver-side goodput of one TCP bulk upload (first byte to last byte). */
  tcpGoodputBitS: number;
  /** tcpGoodputBitS ÷ configured rate. */
  tcpGoodputRatio: number;
  /** Connect + transfer + close as the sender saw it. */
  bulkTotalMs: number;
}

const probe = 'test/reliability/netlab/link-probe.ts';

export async function measureLink(
  link: WeakLink,
  opts: { pings?: number; bulkBytes?: number } = {},
): Promise<LinkBaseline> {
  const pings = opts.pings ?? 7;
  const bulkBytes = opts.bulkBytes ?? 64 * 1024;
  const port = '9000';
  const server = nodeIn(link, link.serverNs, probe, ['server', link.serverAddr, port]);
  try {
    await waitForLine(server, (l) => l === 'listening');
    const client = nodeIn(link, link.clientNs, probe, [
      'client',
      link.serverAddr,
      port,
      String(pings),
      String(bulkBytes),
    ]);
    const line = await waitForLine(client, (l) => l.startsWith('{'), 300_000);
    const result = JSON.parse(line) as { rttMs: number[]; bulk: { bytes: number; receiveMs: number; totalMs: number } };
    const sorted = [...result.rttMs].sort((a, b) => a - b);
    const goodput = (result.bulk.bytes * 8) / (result.bulk.receiveMs / 1000);
    return {
      rttMs: { min: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]!, max: sorted[sorted.length - 1]! },
      bulkBytes: result.bulk.bytes,
      tcpGoodputBitS: goodput,
      tcpGoodputRatio: goodput / (link.options.rateKbit * 1000),
      bulkTotalMs: result.bulk.totalMs,
    };
  } finally {
    server.kill('SIGKILL');
  }
}
