import type { IdentityCard } from '../../drivers/idcard/identity';
import { maskAddress, maskIdNumber, maskName } from '../../rules/masking';
import type { FormField, PrefillSource } from './catalog-schema';
import type { StationInfo } from './receipt-builder';

const genderNames: Record<IdentityCard['gender'], string> = {
  male: '男',
  female: '女',
  unknown: '未知',
  unspecified: '未说明',
};

/** The text a pre-fill source yields from the card or the station (goes into the sealed payload only). */
export function prefillText(source: PrefillSource, card: IdentityCard, station: StationInfo): string {
  switch (source) {
    case 'id_card.name':
      return card.name;
    case 'id_card.id_number':
      return card.idNumber;
    case 'id_card.gender':
      return genderNames[card.gender];
    case 'id_card.ethnicity':
      return card.nation ?? '';
    case 'id_card.birth_date':
      return card.birthDate;
    case 'id_card.address':
      return card.address;
    case 'id_card.issuer':
      return card.issuer;
    case 'id_card.valid_from':
      return card.validFrom;
    case 'id_card.valid_to':
      return card.validUntil ?? '长期';
    case 'station.region_code':
      return station.regionCode;
    case 'station.name':
      return station.name;
  }
}

/**
 * The value a pre-filled field takes. A select is pre-filled with the option whose label is the
 * text read from the card (男 → male), as the protocol describes.
 */
export function prefillValue(field: FormField, card: IdentityCard, station: StationInfo): string {
  const text = prefillText(field.prefill!, card, station);
  if (field.type === 'select') return field.options?.find((o) => o.label === text)?.value ?? text;
  return text;
}

/** What the screen shows for a pre-filled field: masked where it is personal. */
export function prefillDisplay(source: PrefillSource, card: IdentityCard, station: StationInfo): string {
  switch (source) {
    case 'id_card.name':
      return maskName(card.name);
    case 'id_card.id_number':
      return maskIdNumber(card.idNumber);
    case 'id_card.address':
      return maskAddress(card.address);
    case 'id_card.birth_date':
      return card.birthDate.slice(0, 4) + '年';
    default:
      return prefillText(source, card, station);
  }
}
