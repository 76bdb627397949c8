import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';

/**
 * Bytes written to a TCP socket that the peer has not acknowledged yet (Linux: `tx_queue` of the
 * socket's line in /proc/net/tcp{,6}, which is write_seq − snd_una for an established socket).
 * Node's bytesWritten counts bytes handed to the kernel, so a body that fits the send buffer looks
 * "sent" at once; this tells real progress on the wire. Null where it cannot be read.
 */
export function unackedBytes(socket: Socket): number | null {
  const local = socket.localPort;
  const remote = socket.remotePort;
  if (local === undefined || remote === undefined) return null;
  const key = `:${hex4(local)} `;
  const rkey = `:${hex4(remote)} `;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      // "  sl  local_address rem_address   st tx_queue:rx_queue ..."
      const parts = line.trim().split(/\s+/);
      if (parts.length < 5) continue;
      if (!`${parts[1]} `.endsWith(key) || !`${parts[2]} `.endsWith(rkey)) continue;
      const tx = parts[4]!.split(':')[0]!;
      const n = Number.parseInt(tx, 16);
      return Number.isFinite(n) ? n : null;
    }
  }
  return null;
}

function hex4(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, '0');
}
