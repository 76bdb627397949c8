// Blob PATCHes whose body may be cut off (tus-style resumable uploads, protocol §4). A PATCH body
// that ends early (connection reset, client gave up, terminal lost power) still delivered some
// bytes in order; keeping them means an interruption re-sends only what never arrived instead of
// the whole chunk. Each blob has at most one PATCH in flight: a new HEAD/PUT/PATCH for the same
// blob from an authenticated device means the uploader has given up on the old one (its link may
// be dark, so the server would not hear of the reset for a long time), so the old one is cut
// short, its bytes are kept, and only then is the new request answered with the new offset.
import type { IncomingMessage } from 'node:http';

export interface BodyRead {
  raw: Buffer;
  size: number;
  overflow: boolean;
  /** The body ended before Content-Length bytes arrived (reset, abort, or cut short by us). */
  cut: boolean;
}

/** Reads a body like readRawBody, but an early end yields the bytes received instead of an error. */
export function readBodyKeepingCut(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (cut: boolean) => {
      if (done) return;
      done = true;
      resolve({ raw: Buffer.concat(chunks), size, overflow: size > maxBytes, cut });
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxBytes) chunks.push(c);
    });
    req.on('end', () => finish(!req.complete));
    // An aborted request emits 'error' (ECONNRESET) then 'close' without 'end'.
    req.on('error', () => {});
    req.on('close', () => finish(!req.complete));
  });
}

interface InFlight {
  req: IncomingMessage;
  settled: Promise<void>;
  lastByteAt: number;
}

/**
 * Before cutting, let an old PATCH that is still delivering bytes go on until it has been quiet
 * this long: a terminal killed mid-chunk leaves its kernel sending what it had buffered (then a
 * FIN), and a link back from dark brings retransmissions; what still arrives is kept instead of
 * sent again. Capped well under the client's 25 s progress watchdog, which the waiting request
 * is subject to.
 */
export const CUT_QUIET_MS = 1500;
export const CUT_MAX_WAIT_MS = 10_000;

export class InFlightPatches {
  private readonly bySha = new Map<string, InFlight>();

  /** Registers a PATCH; `settled` resolves once its bytes (all or the part received) are stored or refused. */
  begin(sha256: string, req: IncomingMessage): { settle: () => void } {
    let settle!: () => void;
    const settled = new Promise<void>((r) => (settle = r));
    const entry: InFlight = { req, settled, lastByteAt: Date.now() };
    req.on('data', () => (entry.lastByteAt = Date.now()));
    this.bySha.set(sha256, entry);
    return {
      settle: () => {
        if (this.bySha.get(sha256) === entry) this.bySha.delete(sha256);
        settle();
      },
    };
  }

  has(sha256: string, except?: IncomingMessage): boolean {
    const e = this.bySha.get(sha256);
    return e !== undefined && e.req !== except;
  }

  /** Cuts the PATCH in flight for this blob (if any, other than `except`) and waits until its bytes are stored. */
  async cut(sha256: string, except?: IncomingMessage): Promise<void> {
    const e = this.bySha.get(sha256);
    if (!e || e.req === except) return;
    const started = Date.now();
    let settled = false;
    void e.settled.then(() => (settled = true));
    while (!settled && Date.now() - e.lastByteAt < CUT_QUIET_MS && Date.now() - started < CUT_MAX_WAIT_MS) {
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!settled) e.req.socket.destroy();
    await e.settled;
  }
}
