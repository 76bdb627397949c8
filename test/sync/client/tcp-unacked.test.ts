import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { unackedBytes } from '../../../sync/client/tcp-unacked';

describe('unackedBytes (Linux /proc/net/tcp)', () => {
  const closers: (() => void)[] = [];
  afterEach(() => {
    for (const c of closers.splice(0)) c();
  });

  it('counts bytes the peer has not acknowledged and drops to 0 once it reads them', async () => {
    let peer: net.Socket | undefined;
    const server = net.createServer((s) => {
      peer = s;
      s.pause(); // the peer stops reading: its window fills, our bytes stay unacknowledged
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => server.close());
    const port = (server.address() as net.AddressInfo).port;
    const client = net.connect(port, '127.0.0.1');
    closers.push(() => client.destroy());
    await new Promise<void>((r) => client.once('connect', r));
    expect(unackedBytes(client)).toBe(0);
    client.write(Buffer.alloc(16 * 1024 * 1024, 1));
    const deadline = Date.now() + 5000;
    let seen = 0;
    while (Date.now() < deadline && seen === 0) {
      await new Promise((r) => setTimeout(r, 50));
      seen = unackedBytes(client) ?? 0;
    }
    // On loopback the peer acknowledges what fits its receive buffer; the rest waits in our send queue.
    expect(seen).toBeGreaterThan(0);
    peer!.resume();
    peer!.on('data', () => undefined);
    let after = seen;
    while (Date.now() < deadline + 5000 && after > 0) {
      await new Promise((r) => setTimeout(r, 50));
      after = unackedBytes(client) ?? -1;
    }
    expect(after).toBe(0);
  });

  it('is null for a socket that is not connected', () => {
    expect(unackedBytes(new net.Socket())).toBeNull();
  });
});
