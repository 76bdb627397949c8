import { randomInt } from 'node:crypto';
import { privateReceiptNumber, PRIVATE_RANDOM_DIGITS } from '../../rules/receipt-number';
import type { Db } from '../store/database';

/** A private receipt number not yet used here; random, so one receipt says nothing about any other. */
export function drawLocalNumber(db: Db): string {
  const taken = db.prepare('SELECT 1 FROM transactions WHERE local_number = ?');
  // 10^11 numbers: a clash is rare, several in a row mean a broken random source (a bug).
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const number = privateReceiptNumber(
      String(randomInt(0, 10 ** PRIVATE_RANDOM_DIGITS)).padStart(PRIVATE_RANDOM_DIGITS, '0'),
    );
    if (taken.get(number) === undefined) return number;
  }
  throw new Error('could not draw an unused receipt number');
}
