/**
 * Where discovery looks. Fixed system folders on a station; tests point them at folders of links to
 * simulator ptys. Nothing here scans a network: a network printer is found only at the address the
 * technician types.
 */
export interface DeviceDirs {
  /** Stable serial port names (udev): /dev/serial/by-id. */
  readonly serialById: string;
  /** USB printer class devices (kernel usblp): /dev/usb, files lp0, lp1, … */
  readonly usbPrinters: string;
  /** For finding which program holds a port. */
  readonly proc: string;
}

export const SYSTEM_DEVICE_DIRS: DeviceDirs = {
  serialById: '/dev/serial/by-id',
  usbPrinters: '/dev/usb',
  proc: '/proc',
};
