/** A 1-bit image, one byte per dot (0 white, 1 black) for simple drawing; packed when sent. */
export class Bitmap {
  readonly dots: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.dots = new Uint8Array(width * height);
  }

  get(x: number, y: number): number {
    return x >= 0 && y >= 0 && x < this.width && y < this.height ? (this.dots[y * this.width + x] ?? 0) : 0;
  }

  set(x: number, y: number, v = 1): void {
    if (x >= 0 && y >= 0 && x < this.width && y < this.height) this.dots[y * this.width + x] = v;
  }

  blit(src: Bitmap, x0: number, y0: number): void {
    for (let y = 0; y < src.height; y++)
      for (let x = 0; x < src.width; x++) if (src.get(x, y)) this.set(x0 + x, y0 + y);
  }

  inkCount(): number {
    let n = 0;
    for (const d of this.dots) n += d;
    return n;
  }

  /** Packs rows MSB-first (leftmost dot in bit 7) as GS v 0 expects. */
  packRows(): { bytesPerRow: number; data: Uint8Array } {
    const bytesPerRow = Math.ceil(this.width / 8);
    const data = new Uint8Array(bytesPerRow * this.height);
    for (let y = 0; y < this.height; y++)
      for (let x = 0; x < this.width; x++) if (this.get(x, y)) data[y * bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
    return { bytesPerRow, data };
  }

  static unpack(data: Uint8Array, bytesPerRow: number, rows: number): Bitmap {
    const bm = new Bitmap(bytesPerRow * 8, rows);
    for (let y = 0; y < rows; y++)
      for (let x = 0; x < bm.width; x++) if ((data[y * bytesPerRow + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) bm.set(x, y);
    return bm;
  }
}
