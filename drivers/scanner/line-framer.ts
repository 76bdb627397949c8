/**
 * CR / LF framing for serial (USB-CDC) scanners: each code arrives as raw bytes followed by the
 * configured suffix (CR or CR LF). CR LF counts once because empty frames are dropped. Codes
 * without a suffix are ended by the driver's inter-byte timeout calling flush().
 */
export class LineFramer {
  readonly #maxBytes: number;
  #buffer: number[] = [];
  #overflow = false;

  constructor(maxBytes = 4096) {
    this.#maxBytes = maxBytes;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    for (const byte of chunk) {
      if (byte === 0x0d || byte === 0x0a) {
        const frame = this.flush();
        if (frame) frames.push(frame);
      } else if (this.#buffer.length < this.#maxBytes) {
        this.#buffer.push(byte);
      } else {
        this.#overflow = true;
      }
    }
    return frames;
  }

  get pending(): boolean {
    return this.#buffer.length > 0 || this.#overflow;
  }

  flush(): Uint8Array | null {
    const overflow = this.#overflow;
    const frame = Uint8Array.from(this.#buffer);
    this.#buffer = [];
    this.#overflow = false;
    return overflow || frame.length === 0 ? null : frame;
  }
}
