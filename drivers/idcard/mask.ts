import type { IdentityCard } from './identity';

/** `4301**********0018`: the first and last four characters stay. */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id);
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 8) + chars.slice(-4).join('');
}

/** `张*`, `欧阳**`-style: only the first character (a surrogate pair counts as one) stays. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

export function maskAddress(address: string): string {
  const chars = Array.from(address);
  if (chars.length === 0) return '';
  return chars.slice(0, 6).join('') + '****';
}

/** A printable view of a card for technicians; personal fields masked unless asked otherwise. */
export function cardForDisplay(card: IdentityCard, unmasked: boolean): Record<string, unknown> {
  const extra: Record<string, string> = { ...card.extra };
  if (!unmasked) {
    for (const key of ['englishName', 'passNumber', 'appendedAddress', 'previousPermitLink']) {
      const value = extra[key];
      if (value) extra[key] = key === 'englishName' ? maskName(value) : key === 'appendedAddress' ? maskAddress(value) : maskIdNumber(value);
    }
  }
  return {
    cardType: card.cardType,
    name: unmasked ? card.name : maskName(card.name),
    gender: card.gender,
    nation: card.nation,
    birthDate: unmasked ? card.birthDate : `${card.birthDate.slice(0, 4)}-**-**`,
    address: unmasked ? card.address : maskAddress(card.address),
    idNumber: unmasked ? card.idNumber : maskIdNumber(card.idNumber),
    issuer: card.issuer,
    validFrom: card.validFrom,
    validUntil: card.validUntil ?? '长期',
    extra,
    photoBytes: card.photoWlt?.length ?? 0,
    ...(card.fingerprint !== undefined ? { fingerprintBytes: card.fingerprint?.length ?? 0 } : {}),
    warnings: card.warnings,
  };
}
