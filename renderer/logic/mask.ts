/**
 * Masks a typed answer on the review screen, which a bystander can read: phones as 138****8000,
 * long digit runs (bank cards, certificates) keep only their first and last four digits.
 */
export function maskForReview(type: string, value: string): string {
  if (type === 'phone' && value.length === 11) return `${value.slice(0, 3)}****${value.slice(7)}`;
  if (type === 'digits' && value.length >= 15) return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
  return value;
}
