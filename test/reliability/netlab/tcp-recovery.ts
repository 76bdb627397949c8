// Baseline for the blackout benchmark: how long plain TCP (the kernel's RTO backoff, no
// application help) takes to move data again after the same blackout, on the same link.
import type { WeakLink } from './weak-link';
import { nodeIn, waitForLine } from './node-in';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const probe = 'test/reliability/netlab/link-probe.ts';

export async function tcpRecoveryAfterBlackout(
  link: WeakLink,
  blackoutMs: number,
): Promise<{ recoveryMs: number; bytesBefore: number }> {
  const sink = nodeIn(link, link.serverNs, probe, ['stream-sink', link.serverAddr, '9100']);
  let source: ChildProcess | undefined;
  try {
    await waitForLine(sink, (l) => l === 'listening');
    const arrivals: { t: number; bytes: number }[] = [];
    createInterface({ input: sink.stdout! }).on('line', (l) => {
      if (l.startsWith('{')) arrivals.push(JSON.parse(l) as { t: number; bytes: number });
    });
    source = nodeIn(link, link.clientNs, probe, ['stream-source', link.serverAddr, '9100', String(4 * 1024 * 1024)]);
    // Let the connection leave slow start, then cut it mid-transfer.
    while ((arrivals.at(-1)?.bytes ?? 0) < 24 * 1024) await new Promise((r) => setTimeout(r, 100));
    await link.down();
    const bytesBefore = arrivals.at(-1)!.bytes;
    await new Promise((r) => setTimeout(r, blackoutMs));
    await link.up();
    const upAt = Date.now();
    const deadline = upAt + 10 * 60_000;
    for (;;) {
      const first = arrivals.find((a) => a.t > upAt);
      if (first) return { recoveryMs: first.t - upAt, bytesBefore };
      if (Date.now() > deadline) throw new Error('TCP did not recover within 10 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    source?.kill('SIGKILL');
    sink.kill('SIGKILL');
  }
}
