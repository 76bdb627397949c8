import { DeviceFile } from './device-file';
import type { PrinterTransport } from './transport';

/** USB printer class through the kernel's usblp driver (/dev/usb/lpN). */
export class UsbPrinterTransport implements PrinterTransport {
  readonly #file: DeviceFile;

  constructor(readonly path: string) {
    this.#file = new DeviceFile(path);
  }

  get events() {
    return this.#file.events;
  }
  get isOpen(): boolean {
    return this.#file.isOpen;
  }
  get describe(): string {
    return `usb:${this.path}`;
  }
  open(): Promise<void> {
    return this.#file.open();
  }
  write(bytes: Buffer): Promise<void> {
    return this.#file.write(bytes);
  }
  close(): Promise<void> {
    return this.#file.close();
  }
}
