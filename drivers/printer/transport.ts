import type { TypedEmitter } from '../../rules/typed-emitter';

export interface TransportEvents {
  data: Buffer;
  /** The link went away (unplug, peer closed, I/O error). */
  closed: { readonly reason: string };
}

/** Bytes in and out of one printer link; the driver owns framing, status and timeouts. */
export interface PrinterTransport {
  readonly events: TypedEmitter<TransportEvents>;
  readonly isOpen: boolean;
  /** Rejects when the device is absent; never leaves a half-open link behind. */
  open(): Promise<void>;
  /** Resolves when the bytes were handed to the OS (serial: drained to the line). */
  write(bytes: Buffer): Promise<void>;
  close(): Promise<void>;
  /** Human-readable link name for logs (a port path or host:port, never personal data). */
  readonly describe: string;
}
