import iconv from 'iconv-lite';
import { MODIFIER, USAGE, charForUsage, keypadDigit } from './hid-keymap';

/**
 * Turns 8-byte boot keyboard reports from a keyboard-wedge scanner into codes.
 * Byte 0 modifiers, byte 1 reserved, bytes 2–7 the keys held now (HID boot protocol). A key
 * "types" when it appears in a report without having been held in the previous one, so the
 * release report between repeated characters matters and rollover is handled.
 */

export type WedgeSuffix = 'enter' | 'tab';

export interface WedgeOptions {
  /** Keys that end a code. Default both Enter and Tab. */
  readonly suffixes?: readonly WedgeSuffix[];
  /**
   * How to read Alt + keypad decimal sequences. Scanners "type" non-ASCII this way; the public
   * captures use Unicode code points (Alt+31508 = 笔), some Chinese models send the GBK code
   * as a decimal number instead. Alt + three digits ≤ 255 is the same in both.
   */
  readonly altCodes?: 'unicode' | 'gbk';
  /** Characters buffered for one code before it is discarded as garbage. */
  readonly maxChars?: number;
}

const ALT = MODIFIER.leftAlt | MODIFIER.rightAlt;
const SHIFT = MODIFIER.leftShift | MODIFIER.rightShift;
const CTRL_GUI = MODIFIER.leftCtrl | MODIFIER.rightCtrl | MODIFIER.leftGui | MODIFIER.rightGui;

export class WedgeDecoder {
  readonly #suffixUsages: Set<number>;
  readonly #altCodes: 'unicode' | 'gbk';
  readonly #maxChars: number;
  #held = new Set<number>();
  #text = '';
  #altDigits = '';
  #overflow = false;

  constructor(options: WedgeOptions = {}) {
    const suffixes = options.suffixes ?? ['enter', 'tab'];
    this.#suffixUsages = new Set<number>();
    if (suffixes.includes('enter')) {
      this.#suffixUsages.add(USAGE.enter);
      this.#suffixUsages.add(USAGE.keypadEnter);
    }
    if (suffixes.includes('tab')) this.#suffixUsages.add(USAGE.tab);
    this.#altCodes = options.altCodes ?? 'unicode';
    this.#maxChars = options.maxChars ?? 4096;
  }

  /** Feeds one report; returns the codes it completed (usually none or one). */
  push(report: Uint8Array): string[] {
    const done: string[] = [];
    if (report.length < 3) return done;
    const modifiers = report[0]!;
    const altHeld = (modifiers & ALT) !== 0;
    if (!altHeld && this.#altDigits) this.#finishAltSequence();

    // ErrorRollOver (usage 1) means "too many keys": keep the previous state so nothing types twice.
    if (report[2] === 1) return done;
    // Keys in report order, which is the order packed Alt+keypad digits are meant in. Usage 0 is
    // "no key". A usage repeated within one report is counted each time: scanners that pack a
    // whole Alt sequence into one report do repeat digits (Alt + 0 8 0 = 'P').
    const keys = [...report.subarray(2, 8)].filter((usage) => usage > 1);
    for (const usage of keys) {
      if (this.#held.has(usage)) continue;
      const code = this.#press(usage, modifiers);
      if (code !== null) done.push(code);
    }
    this.#held = new Set(keys);
    return done;
  }

  /** Ends a code without a suffix (inter-report timeout in the driver). */
  flush(): string | null {
    if (this.#altDigits) this.#finishAltSequence();
    return this.#take();
  }

  reset(): void {
    this.#held.clear();
    this.#text = '';
    this.#altDigits = '';
    this.#overflow = false;
  }

  #press(usage: number, modifiers: number): string | null {
    if (this.#suffixUsages.has(usage) && (modifiers & ALT) === 0) {
      return this.#take();
    }
    if ((modifiers & ALT) !== 0) {
      const digit = keypadDigit(usage);
      if (digit !== undefined && this.#altDigits.length < 8) this.#altDigits += String(digit);
      return null; // Alt + anything else is a shortcut, never text.
    }
    if ((modifiers & CTRL_GUI) !== 0) return null;
    const c = charForUsage(usage, (modifiers & SHIFT) !== 0);
    if (c !== undefined) this.#append(c);
    return null;
  }

  #finishAltSequence(): void {
    const digits = this.#altDigits;
    const value = Number.parseInt(digits, 10);
    this.#altDigits = '';
    // Windows reads Alt + 0nnn in the ANSI code page; only 128–159 differ from Unicode there (cp1252: € ‚ ƒ …).
    const ansi = digits.startsWith('0') && value >= 0x80 && value <= 0x9f;
    const c = ansi ? cp1252Char(value) : this.#altCodes === 'gbk' && value > 0xff ? gbkChar(value) : unicodeChar(value);
    if (c) this.#append(c);
  }

  #append(c: string): void {
    if (this.#text.length >= this.#maxChars) {
      this.#overflow = true;
      return;
    }
    this.#text += c;
  }

  #take(): string | null {
    const text = this.#text;
    const overflow = this.#overflow;
    this.#text = '';
    this.#overflow = false;
    if (overflow || text.length === 0) return null;
    return text;
  }
}

function unicodeChar(value: number): string | null {
  if (!Number.isInteger(value) || value <= 0 || value > 0x10ffff) return null;
  if (value >= 0xd800 && value <= 0xdfff) return null;
  return String.fromCodePoint(value);
}

function gbkChar(value: number): string | null {
  if (value > 0xffff) return null;
  const text = iconv.decode(Buffer.from([value >> 8, value & 0xff]), 'gb18030');
  return text.length === 1 && text !== '\ufffd' ? text : null;
}

function cp1252Char(value: number): string | null {
  const text = iconv.decode(Buffer.from([value]), 'win1252');
  return text.length === 1 && text.charCodeAt(0) > 0x9f ? text : null;
}
