import { GENDER_CODE, NATION_CODE_BY_NAME } from '../idcard/code-tables';
import type { CardType, Gender } from '../idcard/identity';
import { LAYOUTS, TEXT_BLOCK_LENGTH, TYPE_FLAG, TYPE_FLAG_OFFSET } from '../idcard/text-layout';

/**
 * What a simulated card holds. Shaped like IdentityCard (ISO dates, null for 长期) so tests can
 * compare the decoded result with the input; plus the simulator-only bits (fingerprints,
 * appended address).
 */
export interface SimCard {
  readonly cardType: CardType;
  readonly name: string;
  readonly gender: Gender;
  /** Nation name (汉, 壮, …) on resident cards. */
  readonly nation?: string | null;
  readonly birthDate: string;
  readonly address?: string;
  readonly idNumber: string;
  readonly issuer?: string;
  readonly validFrom: string;
  readonly validUntil: string | null;
  readonly extra?: Readonly<Record<string, string>>;
  /** Number of enrolled fingerprints (0–2); each is a 512-byte template. */
  readonly fingerprints?: 0 | 1 | 2;
  /** Newer address written by the police station after a move; absent → SW3 91. */
  readonly appendedAddress?: string;
}

const compactDate = (iso: string | null) => (iso === null ? '长期' : iso.replaceAll('-', ''));

/** The 256-byte UCS-2LE text block a SAM returns, padded with spaces like a real card. */
export function encodeTextBlock(card: SimCard): Uint8Array {
  const block = Buffer.alloc(TEXT_BLOCK_LENGTH);
  for (let i = 0; i < TEXT_BLOCK_LENGTH; i += 2) block.writeUInt16LE(0x20, i);
  const extra = card.extra ?? {};
  const englishName = extra['englishName'] ?? '';
  const values: Record<string, string> = {
    ...extra,
    name: card.name,
    gender: GENDER_CODE[card.gender],
    nation: NATION_CODE_BY_NAME.get(card.nation ?? '') ?? '',
    birthDate: compactDate(card.birthDate),
    address: card.address ?? '',
    idNumber: card.idNumber,
    issuer: card.issuer ?? '',
    validFrom: compactDate(card.validFrom),
    validUntil: compactDate(card.validUntil),
  };
  if (card.cardType === 'foreign_permanent_2023') {
    values['englishName'] = englishName.slice(0, 35);
    values['englishNameContinued'] = englishName.slice(35, 46);
  }
  for (const field of LAYOUTS[card.cardType]) {
    const text = Buffer.from(values[field.key] ?? '', 'utf16le').subarray(0, field.bytes);
    text.copy(block, field.offset);
  }
  block.writeUInt16LE(TYPE_FLAG[card.cardType].charCodeAt(0), TYPE_FLAG_OFFSET);
  return new Uint8Array(block);
}

/** A 1024-byte stand-in for the WLT photo: real header magic "WLf", deterministic filler. */
export function fakeWltPhoto(seed: string): Uint8Array {
  const photo = new Uint8Array(1024);
  photo.set([0x57, 0x4c, 0x66], 0);
  let x = 0;
  for (const ch of seed) x = (x * 31 + ch.charCodeAt(0)) >>> 0;
  for (let i = 3; i < photo.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    photo[i] = x >>> 24;
  }
  return photo;
}

export function fakeFingerprints(count: 0 | 1 | 2): Uint8Array {
  const data = new Uint8Array(512 * count);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + 0x43) & 0xff;
  return data;
}

export function encodeAppendedAddress(address: string): Uint8Array {
  const block = Buffer.alloc(70);
  for (let i = 0; i < 70; i += 2) block.writeUInt16LE(0x20, i);
  Buffer.from(address, 'utf16le').subarray(0, 70).copy(block, 0);
  return new Uint8Array(block);
}
