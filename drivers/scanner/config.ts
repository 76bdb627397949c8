import { z } from 'zod';
import type { HidBackend } from './hid-backend';
import { HidScanner } from './hid-scanner';
import { ScannerHub } from './hub';
import { SerialScanner } from './serial-scanner';

/** The scanner part of the station configuration (technician screen / config file). */
export const ScannerConfigSchema = z.object({
  /** HID scanners; the default, one entry without VID:PID, takes any scanner from a known vendor. */
  hid: z
    .array(
      z.object({
        vidPid: z.array(z.string().regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/)).optional(),
        mode: z.enum(['auto', 'wedge', 'pos']).default('auto'),
        /** How Alt + keypad numbers are read in wedge mode (see docs/scanners.md). */
        altCodes: z.enum(['unicode', 'gbk']).default('unicode'),
      }),
    )
    .default([{ mode: 'auto', altCodes: 'unicode' }]),
  serial: z
    .array(
      z.object({
        port: z.string().min(1),
        baudRate: z.number().int().positive().default(9600),
      }),
    )
    .default([]),
});
export type ScannerConfig = z.infer<typeof ScannerConfigSchema>;

/** Builds a hub running every configured scanner. */
export function createScannerHub(config: ScannerConfig, deps: { hid?: HidBackend } = {}): ScannerHub {
  const hub = new ScannerHub();
  config.hid.forEach((h, i) => {
    const scanner = new HidScanner(
      { ...(h.vidPid ? { vidPid: h.vidPid } : {}), mode: h.mode, wedge: { altCodes: h.altCodes } },
      deps.hid,
    );
    hub.add(h.vidPid?.length ? `hid:${h.vidPid.join(',')}` : `hid:${i}`, scanner);
  });
  for (const s of config.serial) hub.add(`serial:${s.port}`, new SerialScanner({ port: s.port, baudRate: s.baudRate }));
  return hub;
}
