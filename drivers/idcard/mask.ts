import { maskAddress, maskIdNumber, maskName } from '../../rules/masking';
import type { IdentityCard } from './identity';

/** A printable view of a card for technicians; personal fields masked unless asked otherwise. */
export function cardForDisplay(card: IdentityCard, unmasked: boolean): Record<string, unknown> {
  const extra: Record<string, string> = { ...card.extra };
  if (!unmasked) {
    for (const key of ['englishName', 'passNumber', 'appendedAddress', 'previousPermitLink']) {
      const value = extra[key];
      if (value)
        extra[key] =
          key === 'englishName'
            ? maskName(value)
            : key === 'appendedAddress'
              ? maskAddress(value)
              : maskIdNumber(value);
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
