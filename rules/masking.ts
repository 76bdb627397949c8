/**
 * The one masking policy, for screens, receipts and technician tools (DESIGN.md, Data). Keeps just enough for a villager to
 * recognise their own record: 4301**********0018, 张*丰, 138****5678.
 * Pure module (rules/): used by the host, the renderer and the drivers alike.
 */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id.trim());
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 8) + chars.slice(-4).join('');
}

export function maskName(name: string): string {
  const chars = Array.from(name.trim()); // code points: rare characters may be surrogate pairs
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  // Latin names on foreigner cards are masked word by word.
  if (/[A-Za-z]/.test(name))
    return name
      .trim()
      .split(/\s+/)
      .map((w) => (w.length <= 1 ? w : w[0] + '*'.repeat(w.length - 1)))
      .join(' ');
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

export function maskPhone(phone: string): string {
  const digits = phone.trim();
  if (digits.length < 7) return '*'.repeat(digits.length);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
}

/** Addresses keep the administrative part only (up to the township/village name). */
export function maskAddress(address: string): string {
  const chars = Array.from(address.trim());
  const keep = Math.min(6, Math.floor(chars.length / 2));
  return chars.slice(0, keep).join('') + (chars.length > keep ? '****' : '');
}

/**
 * A typed answer as the review screen shows it (a bystander can read it): mobile numbers as
 * 138****8000, ID numbers and long digit runs (bank cards, certificates) as first four + last four.
 * Short numbers and landlines are shown as typed, so the villager can check them.
 */
export function maskForReview(type: string, value: string): string {
  if (type === 'phone' && /^1\d{10}$/.test(value)) return maskPhone(value);
  if ((type === 'digits' || type === 'id_number') && value.length >= 15) return maskIdNumber(value);
  return value;
}

/**
 * An earlier answer offered for reuse (数据最多采一次), shown before the villager chose anything:
 * phones as 138****8000, digit runs (bank accounts) first four + last four, anything else (address
 * details) by the address rule.
 */
export function maskForReuse(type: string, value: string): string {
  if (type === 'phone') return maskPhone(value);
  if (/^[0-9X]{8,}$/.test(value)) return maskIdNumber(value);
  return maskAddress(value);
}
