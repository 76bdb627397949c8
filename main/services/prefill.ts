import type { IdentityCard } from '../../drivers/idcard/identity';
import type { PrefillSource } from './catalog-schema';
import { maskAddress, maskIdNumber, maskName } from '../store/masking';

const genderNames: Record<IdentityCard['gender'], string> = { male: '男', female: '女', unknown: '未知', unspecified: '未说明' };

/** The value a pre-filled field takes from the card (goes into the sealed payload only). */
export function prefillValue(source: PrefillSource, card: IdentityCard): string {
  switch (source) {
    case 'id_card.name': return card.name;
    case 'id_card.id_number': return card.idNumber;
    case 'id_card.gender': return genderNames[card.gender];
    case 'id_card.birth_date': return card.birthDate;
    case 'id_card.address': return card.address;
    case 'id_card.nation': return card.nation ?? '';
  }
}

/** What the screen shows for a pre-filled field: masked where it is personal. */
export function prefillDisplay(source: PrefillSource, card: IdentityCard): string {
  switch (source) {
    case 'id_card.name': return maskName(card.name);
    case 'id_card.id_number': return maskIdNumber(card.idNumber);
    case 'id_card.address': return maskAddress(card.address);
    case 'id_card.birth_date': return card.birthDate.slice(0, 4) + '年';
    default: return prefillValue(source, card);
  }
}
