import type { Result } from '../../rules/result';

/**
 * Bytes in and out of a reader. The serial transport covers USB-serial bridges and CDC readers;
 * a bulk-USB (libusb) or HID transport would implement this same interface and carry whole SAM
 * frames, so the session, driver and CLI stay unchanged (docs/idcard-reader.md).
 */
export type OpenErrorCode = 'port_missing' | 'permission_denied' | 'port_busy' | 'open_failed';

export interface ByteTransport {
  /** Human-readable location for logs (a path, never personal data). */
  readonly description: string;
  open(): Promise<Result<void, OpenErrorCode>>;
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
  readonly isOpen: boolean;
  /** Whether the device node is still there (false once a USB device is unplugged), if knowable. */
  isPresent?(): boolean;
  /** Bytes as they arrive, in whatever fragments the OS delivers. */
  onData(listener: (bytes: Uint8Array) => void): void;
  /** The link went away without close() being called (USB unplugged, pty closed). */
  onLost(listener: (reason: string) => void): void;
}
