import { describe, expect, it } from 'vitest';
import { formatVidPid, parseVidPid, serialScannerMaker } from '../../../drivers/scanner/vendors';

describe('scanner makers', () => {
  it('names the maker of a USB-CDC scanner from its /dev/serial/by-id link', () => {
    expect(serialScannerMaker('usb-Honeywell_Imaging___Mobility_1900_19123B4A21-if00')).toBe('Honeywell');
    expect(serialScannerMaker('usb-Newland_Auto-ID_NLS-HR22_S/N-if00')).toBe('Newland');
    expect(serialScannerMaker('usb-Symbol_Technologies__Inc__2008_Symbol_Bar_Code_Scanner-if00')).toBe('Symbol/Zebra');
    expect(serialScannerMaker('usb-GD_USB_Barcode_Reader_000000000001-if00')).toBe('未知厂家');
  });

  it('leaves ID card readers, printers and USB-serial cables alone', () => {
    for (const name of [
      'usb-Synjones_SAM_Reader-if00-port0',
      'usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0',
      'usb-Prolific_Technology_Inc._USB-Serial_Controller-if00-port0',
      'usb-1a86_USB_Serial-if00-port0',
      'usb-Xprinter_USB_Printer_P-if00',
    ])
      expect(serialScannerMaker(name), name).toBeNull();
  });

  it('reads and writes VID:PID as lsusb prints it', () => {
    expect(parseVidPid('0C2E:0b61')).toEqual({ vendorId: 0x0c2e, productId: 0x0b61 });
    expect(parseVidPid('0c2e-0b61')).toBeNull();
    expect(formatVidPid(0x1eab, 0x1d06)).toBe('1eab:1d06');
  });
});
