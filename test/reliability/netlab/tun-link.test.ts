// The lab itself: the link must behave like the profile it claims (delay, rate, loss, blackout)
// and leave nothing behind. Root only — CI runs as root; elsewhere this fails with the reason.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureLink } from './measure-link';
import { nodeIn, waitForLine } from './node-in';
import { V2G } from './profiles';
import { requireRoot, startWeakLink } from './weak-link';
import type { WeakLink } from './weak-link';

function namespaces(): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter(Boolean);
}

describe('weak-link lab (TUN forwarder between two namespaces)', () => {
  let link: WeakLink | undefined;

  beforeAll(async () => {
    requireRoot('test/reliability/netlab/weak-link.test.ts');
    link = await startWeakLink({ ...V2G, seed: 20261122 });
  });

  afterAll(async () => {
    await link?.close();
  });

  it('has the profile round-trip time and carries TCP at close to, never above, the line rate', async () => {
    const base = await measureLink(link!, { pings: 5, bulkBytes: 24 * 1024 });
    // 400 ms of delay plus serialization of two small segments (≈ 7 ms each at 64 kbit/s).
    expect(base.rttMs.min).toBeGreaterThanOrEqual(400);
    expect(base.rttMs.min).toBeLessThan(440);
    expect(base.tcpGoodputRatio).toBeLessThanOrEqual(1.0);
    // A short transfer on a lossy link spends much of its time in slow start and RTO: a loose floor.
    expect(base.tcpGoodputRatio).toBeGreaterThan(0.25);
    const stats = await link!.stats();
    expect(stats.up.forwardedBytes).toBeGreaterThan(24 * 1024);
    expect(stats.up.rxPackets).toBe(
      stats.up.forwardedPackets + stats.up.lost + stats.up.tailDrops + stats.up.blackoutDrops + stats.up.queued,
    );
  }, 60_000);

  it('drops everything during a blackout and carries traffic again afterwards', async () => {
    const server = nodeIn(link!, link!.serverNs, 'test/reliability/netlab/link-probe.ts', [
      'server',
      link!.serverAddr,
      '9001',
    ]);
    try {
      await waitForLine(server, (l) => l === 'listening');
      const before = await link!.stats();
      await link!.blackout(3000);
      expect((await link!.stats()).blackout).toBe(true);
      // A connection attempt during the blackout cannot complete; it does once the link returns.
      const t0 = Date.now();
      const client = nodeIn(link!, link!.clientNs, 'test/reliability/netlab/link-probe.ts', [
        'client',
        link!.serverAddr,
        '9001',
        '1',
        '100',
      ]);
      await waitForLine(client, (l) => l.startsWith('{'), 30_000);
      expect(Date.now() - t0).toBeGreaterThan(2500);
      const after = await link!.stats();
      expect(after.blackout).toBe(false);
      expect(after.up.blackoutDrops).toBeGreaterThan(before.up.blackoutDrops);
    } finally {
      server.kill('SIGKILL');
    }
  }, 60_000);

  it('loses the configured share of packets at random and accounts for every one', async () => {
    const probe = 'test/reliability/netlab/link-probe.ts';
    const sink = nodeIn(link!, link!.serverNs, probe, ['udp-sink', link!.serverAddr, '9002']);
    try {
      await waitForLine(sink, (l) => l === 'listening');
      const before = await link!.stats();
      await link!.setLossPct(30);
      // 200 × 48 bytes on the wire ≈ 1.2 s at 64 kbit/s: under the 2 s queue, so no tail drops.
      const sender = nodeIn(link!, link!.clientNs, probe, ['udp-send', link!.serverAddr, '9002', '200']);
      await new Promise((resolve) => sender.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, 1800));
      await link!.setLossPct(0);
      const result = waitForLine(sink, (l) => l.startsWith('{'), 10_000);
      nodeIn(link!, link!.clientNs, probe, ['udp-send', link!.serverAddr, '9002', '0']);
      const { received } = JSON.parse(await result) as { received: number };
      const after = await link!.stats();
      expect(after.up.tailDrops - before.up.tailDrops).toBe(0);
      expect(after.up.lost - before.up.lost).toBe(200 - received);
      expect(received / 200).toBeGreaterThan(0.55);
      expect(received / 200).toBeLessThan(0.85);
    } finally {
      sink.kill('SIGKILL');
      await link!.setLossPct(V2G.lossPct);
    }
  }, 60_000);

  it('removes its namespaces on close', async () => {
    const { clientNs, serverNs } = link!;
    expect(namespaces()).toEqual(expect.arrayContaining([clientNs, serverNs]));
    await link!.close();
    expect(namespaces()).not.toContain(clientNs);
    expect(namespaces()).not.toContain(serverNs);
    link = undefined;
  });
});
