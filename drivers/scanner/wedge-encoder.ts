import iconv from 'iconv-lite';
import { MODIFIER, USAGE, usageForChar } from './hid-keymap';
import type { WedgeSuffix } from './wedge-decoder';

/**
 * Produces the boot keyboard reports a keyboard-wedge scanner would send for a text: key-down then
 * an all-zero release report per character, non-ASCII as Alt + keypad decimal digits. Used by the
 * fake HID device, the benchmark and the tests.
 */
export interface WedgeEncodeOptions {
  readonly suffix?: WedgeSuffix | 'none';
  readonly altCodes?: 'unicode' | 'gbk';
}

const RELEASE = new Uint8Array(8);
const KEYPAD_DIGIT = [0x62, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61];

export function encodeWedge(text: string, options: WedgeEncodeOptions = {}): Uint8Array[] {
  const reports: Uint8Array[] = [];
  const key = (modifiers: number, usage: number): void => {
    reports.push(Uint8Array.of(modifiers, 0, usage, 0, 0, 0, 0, 0));
  };
  for (const c of text) {
    const mapped = c === '\t' ? { usage: USAGE.tab, shift: false } : usageForChar(c);
    if (mapped) {
      key(mapped.shift ? MODIFIER.leftShift : 0, mapped.usage);
      reports.push(RELEASE);
      continue;
    }
    const value = options.altCodes === 'gbk' ? gbkValue(c) : c.codePointAt(0)!;
    // Alt goes down alone, each digit is pressed and released with Alt held, then Alt is released.
    reports.push(Uint8Array.of(MODIFIER.leftAlt, 0, 0, 0, 0, 0, 0, 0));
    for (const digit of String(value).padStart(3, '0')) {
      key(MODIFIER.leftAlt, KEYPAD_DIGIT[Number(digit)]!);
      reports.push(Uint8Array.of(MODIFIER.leftAlt, 0, 0, 0, 0, 0, 0, 0));
    }
    reports.push(RELEASE);
  }
  const suffix = options.suffix ?? 'enter';
  if (suffix !== 'none') {
    key(0, suffix === 'enter' ? USAGE.enter : USAGE.tab);
    reports.push(RELEASE);
  }
  return reports;
}

function gbkValue(c: string): number {
  const bytes = iconv.encode(c, 'gbk');
  return bytes.length === 2 ? (bytes[0]! << 8) | bytes[1]! : c.codePointAt(0)!;
}
