/**
 * USB vendor IDs of common barcode/QR scanner makers, matched when no VID:PID is configured.
 * Honeywell, Youjie, Symbol/Zebra and Datalogic are those WebHidBarcodeScanner knows; the others
 * are from memory of the usb.ids database (Newland especially: check with `lsusb` and configure
 * VID:PID explicitly when a scanner is not found).
 */
export const DEFAULT_SCANNER_VENDORS: ReadonlyMap<number, string> = new Map([
  [0x0c2e, 'Honeywell'],
  [0x23d0, 'Youjie'],
  [0x05e0, 'Symbol/Zebra'],
  [0x05f9, 'Datalogic'],
  [0x1eab, 'Newland'],
  [0x0536, 'Hand Held Products'],
  [0x065a, 'Opticon'],
]);

/**
 * A scanner in USB-CDC (virtual COM) mode shows up as /dev/ttyACM* with a by-id name built from its
 * USB manufacturer and product strings, e.g. `usb-Honeywell_Imaging___Mobility_1900-if00` or
 * `usb-Newland_Auto-ID_NLS-HR22-if00`. It never answers a query, so its name is all discovery has;
 * the maker names are those above, plus the words makers put in product strings.
 */
const SERIAL_SCANNER_NAMES: readonly (readonly [RegExp, string])[] = [
  [/honeywell/i, 'Honeywell'],
  [/hand_?held/i, 'Hand Held Products'],
  [/newland/i, 'Newland'],
  [/zebra|symbol/i, 'Symbol/Zebra'],
  [/datalogic/i, 'Datalogic'],
  [/youjie/i, 'Youjie'],
  [/opticon/i, 'Opticon'],
  [/bar_?code|scanner|qr_?code/i, '未知厂家'],
];

/** The maker of a serial scanner named by its /dev/serial/by-id link; null when it is not one. */
export function serialScannerMaker(byIdName: string): string | null {
  return SERIAL_SCANNER_NAMES.find(([pattern]) => pattern.test(byIdName))?.[1] ?? null;
}

export interface VidPid {
  readonly vendorId: number;
  readonly productId: number;
}

/** "0c2e:0b61" (hex, as lsusb prints it) → numbers; null when malformed. */
export function parseVidPid(text: string): VidPid | null {
  const match = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(text.trim());
  if (!match) return null;
  return { vendorId: Number.parseInt(match[1]!, 16), productId: Number.parseInt(match[2]!, 16) };
}

export function formatVidPid(vendorId: number, productId: number): string {
  return `${hex4(vendorId)}:${hex4(productId)}`;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
