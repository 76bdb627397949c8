/**
 * Damm check digit over decimal digits. Chosen because it catches every single-digit error and
 * every transposition of two adjacent digits (a Luhn or ISO 7064 MOD 11-2 check misses some swaps),
 * and the check is itself a digit, so the code stays typeable on the numeric keypad.
 *
 * Pure module (rules/).
 */

/** A totally anti-symmetric quasigroup of order 10 (Damm, 2004). */
const TABLE: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

function interim(digits: string): number {
  if (!/^\d*$/.test(digits)) throw new Error('Damm check digit: digits only');
  let row = 0;
  for (const ch of digits) row = TABLE[row]![Number(ch)]!;
  return row;
}

/** The digit to append to `digits`. */
export function dammCheckDigit(digits: string): string {
  return String(interim(digits));
}

/** True when the last digit of `digitsWithCheck` is the Damm check digit of the rest. */
export function dammValid(digitsWithCheck: string): boolean {
  return /^\d{2,}$/.test(digitsWithCheck) && interim(digitsWithCheck) === 0;
}
