/**
 * US-layout meaning of HID Keyboard/Keypad page (0x07) usages, as sent by keyboard-wedge scanners.
 * The scanner sends key positions, not characters, so punctuation is right only when the scanner's
 * "keyboard country" is set to US (Morovia note on layout mismatch; usage IDs from the HID usage
 * tables, confirmed by public captures — see docs/scanners.md).
 */

export const USAGE = {
  enter: 0x28,
  escape: 0x29,
  backspace: 0x2a,
  tab: 0x2b,
  keypadEnter: 0x58,
} as const;

/** usage → [unshifted, shifted] */
const KEYS = new Map<number, readonly [string, string]>();

for (let i = 0; i < 26; i++) {
  const c = String.fromCharCode(0x61 + i);
  KEYS.set(0x04 + i, [c, c.toUpperCase()]);
}
'1234567890'.split('').forEach((digit, i) => KEYS.set(0x1e + i, [digit, '!@#$%^&*()'[i]!]));
const PUNCTUATION: [number, string, string][] = [
  [0x2c, ' ', ' '],
  [0x2d, '-', '_'],
  [0x2e, '=', '+'],
  [0x2f, '[', '{'],
  [0x30, ']', '}'],
  [0x31, '\\', '|'],
  // Non-US "#~" key: on a US layout the same position as backslash.
  [0x32, '\\', '|'],
  [0x33, ';', ':'],
  [0x34, "'", '"'],
  [0x35, '`', '~'],
  [0x36, ',', '<'],
  [0x37, '.', '>'],
  [0x38, '/', '?'],
];
for (const [usage, plain, shifted] of PUNCTUATION) KEYS.set(usage, [plain, shifted]);

/** Keypad keys type the same with or without Shift (NumLock is assumed on, as scanners expect). */
const KEYPAD: [number, string][] = [
  [0x54, '/'],
  [0x55, '*'],
  [0x56, '-'],
  [0x57, '+'],
  [0x59, '1'],
  [0x5a, '2'],
  [0x5b, '3'],
  [0x5c, '4'],
  [0x5d, '5'],
  [0x5e, '6'],
  [0x5f, '7'],
  [0x60, '8'],
  [0x61, '9'],
  [0x62, '0'],
  [0x63, '.'],
  [0x67, '='],
];
for (const [usage, c] of KEYPAD) KEYS.set(usage, [c, c]);

export function charForUsage(usage: number, shift: boolean): string | undefined {
  const entry = KEYS.get(usage);
  return entry ? entry[shift ? 1 : 0] : undefined;
}

/** Keypad digit value for Alt+numpad sequences, or undefined. */
export function keypadDigit(usage: number): number | undefined {
  if (usage >= 0x59 && usage <= 0x61) return usage - 0x58;
  if (usage === 0x62) return 0;
  return undefined;
}

/** Reverse map for encoders (fake devices, simulators, tests): char → main-block usage and shift. */
const REVERSE = new Map<string, { usage: number; shift: boolean }>();
for (const [usage, [plain, shifted]] of KEYS) {
  if (usage >= 0x54) continue; // prefer main-block keys
  if (!REVERSE.has(plain)) REVERSE.set(plain, { usage, shift: false });
  if (!REVERSE.has(shifted)) REVERSE.set(shifted, { usage, shift: true });
}

export function usageForChar(c: string): { usage: number; shift: boolean } | undefined {
  return REVERSE.get(c);
}

export const MODIFIER = {
  leftCtrl: 0x01,
  leftShift: 0x02,
  leftAlt: 0x04,
  leftGui: 0x08,
  rightCtrl: 0x10,
  rightShift: 0x20,
  rightAlt: 0x40,
  rightGui: 0x80,
} as const;
