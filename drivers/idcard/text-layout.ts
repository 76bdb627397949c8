import type { CardType } from './identity';

/**
 * Field layouts of the 256-byte UCS-2LE text block, one per card type. The card type is the
 * character at byte offset 248 (space on resident cards, J / I / Y otherwise). Offsets: resident
 * from the vendor demo code shared by several readers; J, I, Y from a public reader SDK header
 * (Y, the 2023 layout, from that single source only).
 */
export const TEXT_BLOCK_LENGTH = 256;
export const TYPE_FLAG_OFFSET = 248;

export interface TextField {
  readonly key: string;
  readonly offset: number;
  readonly bytes: number;
}

const f = (key: string, offset: number, bytes: number): TextField => ({ key, offset, bytes });

export const TYPE_FLAG: Readonly<Record<CardType, string>> = {
  resident: ' ',
  hk_mo_tw_residence: 'J',
  foreign_permanent_2017: 'I',
  foreign_permanent_2023: 'Y',
};

export const LAYOUTS: Readonly<Record<CardType, readonly TextField[]>> = {
  resident: [
    f('name', 0, 30),
    f('gender', 30, 2),
    f('nation', 32, 4),
    f('birthDate', 36, 16),
    f('address', 52, 70),
    f('idNumber', 122, 36),
    f('issuer', 158, 30),
    f('validFrom', 188, 16),
    f('validUntil', 204, 16),
  ],
  hk_mo_tw_residence: [
    f('name', 0, 30),
    f('gender', 30, 2),
    f('birthDate', 36, 16),
    f('address', 52, 70),
    f('idNumber', 122, 36),
    f('issuer', 158, 30),
    f('validFrom', 188, 16),
    f('validUntil', 204, 16),
    f('passNumber', 220, 18),
    f('issueCount', 238, 4),
  ],
  foreign_permanent_2017: [
    f('englishName', 0, 120),
    f('gender', 120, 2),
    f('idNumber', 122, 30),
    f('nationality', 152, 6),
    f('name', 158, 30),
    f('validFrom', 188, 16),
    f('validUntil', 204, 16),
    f('birthDate', 220, 16),
    f('cardVersion', 236, 4),
    f('acceptingAuthorityCode', 240, 8),
  ],
  foreign_permanent_2023: [
    f('name', 0, 30),
    f('gender', 30, 2),
    f('renewalCount', 32, 4),
    f('birthDate', 36, 16),
    f('englishName', 52, 70),
    f('idNumber', 122, 36),
    f('validFrom', 188, 16),
    f('validUntil', 204, 16),
    f('englishNameContinued', 220, 22),
    f('nationality', 242, 6),
    f('previousPermitLink', 250, 6),
  ],
};

export function cardTypeFromFlag(flag: string): CardType | null {
  for (const [type, c] of Object.entries(TYPE_FLAG) as [CardType, string][]) if (c === flag) return type;
  // Some readers leave the reserved bytes as NUL rather than space on resident cards.
  if (flag === '\u0000') return 'resident';
  return null;
}
