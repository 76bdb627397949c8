import { dammCheckDigit, dammValid } from './check-digit';
import { err, ok, type Result } from './result';

/**
 * The number printed on a receipt (受理编号 of this terminal, not the platform's).
 *
 * Private form: 11 random digits + 1 Damm check digit, shown as `1234-5678-9012`. Knowing one
 * receipt says nothing about another (10^11 possibilities, and lookups are rate-limited), it is
 * short enough for the keypad, and a mistyped digit or swapped pair is caught before any lookup.
 *
 * Legacy form: `<region code>-<YYYYMMDD>-NNNN`, a running number. Such receipts exist in the
 * field and still find their record, but being guessable they never unlock personal details.
 *
 * Pure module (rules/).
 */

export const PRIVATE_RANDOM_DIGITS = 11;
const PRIVATE_FORM = /^(\d{4})-(\d{4})-(\d{4})$/;
const PRIVATE_BARE = /^\d{12}$/;
const LEGACY_FORM = /^\d{6,12}-\d{8}-\d{4,}$/;

export type ReceiptNumber =
  /** An unguessable number with a correct check digit, normalised to its printed form. */
  | { readonly kind: 'private'; readonly number: string }
  /** A running number from before private numbers; finds its record, unlocks nothing personal. */
  | { readonly kind: 'legacy'; readonly number: string };

export type ReceiptNumberError = 'receipt_typo' | 'receipt_malformed';

/** The printed form of a new private number made from 11 random digits. */
export function privateReceiptNumber(randomDigits: string): string {
  if (!new RegExp(`^\\d{${PRIVATE_RANDOM_DIGITS}}$`).test(randomDigits))
    throw new Error('privateReceiptNumber: needs 11 digits');
  const all = randomDigits + dammCheckDigit(randomDigits);
  return `${all.slice(0, 4)}-${all.slice(4, 8)}-${all.slice(8)}`;
}

/** What a typed or scanned number is; a typo in a private number is an error, not a lookup. */
export function parseReceiptNumber(text: string): Result<ReceiptNumber, ReceiptNumberError> {
  const typed = text.trim();
  const grouped = PRIVATE_FORM.exec(typed);
  const digits = grouped ? grouped.slice(1).join('') : PRIVATE_BARE.test(typed) ? typed : null;
  if (digits !== null) {
    if (!dammValid(digits)) return err('receipt_typo', '受理编号有一位输错了，请对照凭条再输一遍');
    return ok({ kind: 'private', number: `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}` });
  }
  if (LEGACY_FORM.test(typed)) return ok({ kind: 'legacy', number: typed });
  return err('receipt_malformed', '这不是凭条上的受理编号，请对照凭条再输一遍');
}
