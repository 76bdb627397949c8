// A TCP relay between the terminal and the platform of a fault run. It paces the upload direction
// in small slices (so a request body — a batch, a blob chunk — is in transit for a while and a
// SIGKILL or a reset can land in the middle of it) and resets connections at seeded byte offsets
// (both sides destroyed: the terminal sees ECONNRESET/EPIPE mid-request or mid-response). It
// outlives platform restarts: a connection attempt while the platform is down is reset, and a
// restarted platform (which listens on a new port of its own, see platform-proc.ts) is
// reached by retargeting the relay, so the terminal's platform URL never changes.
import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';
import type { Rng } from './rng';

export interface ProxyOptions {
  targetHost: string;
  /** 0 = no target yet: connections are refused until setTarget(). */
  targetPort: number;
  /** Upload pacing; null = as fast as the sockets go. */
  uploadBytesPerS: number | null;
  /** Chance that a connection is reset after a random number of bytes (either direction). */
  resetChance: number;
  rng: Rng;
}

export interface TcpProxy {
  port: number;
  stats: { connections: number; resets: number; bytesUp: number; bytesDown: number };
  /** Applies to connections opened from now on. */
  setResetChance(p: number): void;
  /** Connections opened from now on go to this port (a platform incarnation's own port). */
  setTarget(port: number): void;
  close(): Promise<void>;
}

const SLICE = 4096;

export async function startTcpProxy(opts: ProxyOptions): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const stats = { connections: 0, resets: 0, bytesUp: 0, bytesDown: 0 };
  let resetChance = opts.resetChance;
  let targetPort = opts.targetPort;
  const server = createServer((client) => {
    stats.connections += 1;
    if (targetPort === 0) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, opts.targetHost);
    sockets.add(client);
    sockets.add(upstream);
    let resetAt = opts.rng.chance(resetChance) ? opts.rng.int(0, 40_000) : Infinity;
    let moved = 0;
    let closed = false;
    const destroy = (): void => {
      if (closed) return;
      closed = true;
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    const count = (n: number): boolean => {
      moved += n;
      if (moved >= resetAt) {
        resetAt = Infinity;
        stats.resets += 1;
        client.resetAndDestroy();
        destroy();
        return false;
      }
      return true;
    };
    client.on('error', destroy);
    upstream.on('error', destroy);
    client.on('close', destroy);
    upstream.on('close', destroy);

    // Upload: paced slices, one after another.
    const queue: Buffer[] = [];
    let pumping = false;
    const pump = (): void => {
      if (closed) return;
      const slice = queue.shift();
      if (!slice) {
        pumping = false;
        client.resume();
        return;
      }
      pumping = true;
      if (!count(slice.length)) return;
      stats.bytesUp += slice.length;
      upstream.write(slice);
      const delay = opts.uploadBytesPerS ? (slice.length / opts.uploadBytesPerS) * 1000 : 0;
      if (delay >= 1) setTimeout(pump, delay);
      else setImmediate(pump);
    };
    client.on('data', (chunk: Buffer) => {
      for (let off = 0; off < chunk.length; off += SLICE) queue.push(chunk.subarray(off, off + SLICE));
      if (opts.uploadBytesPerS) client.pause();
      if (!pumping) pump();
    });
    client.on('end', () => {
      const finish = (): void => {
        if (queue.length || pumping) setTimeout(finish, 5);
        else upstream.end();
      };
      finish();
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!count(chunk.length)) return;
      stats.bytesDown += chunk.length;
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    stats,
    setResetChance(p) {
      resetChance = p;
    },
    setTarget(port) {
      targetPort = port;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
