import { err, ok, type Result } from '../../rules/result';
import { validateCitizenId, type CitizenIdProblem } from '../../rules/citizen-id';
import { GENDER_BY_CODE, NATION_BY_CODE } from './code-tables';
import type { Gender, IdentityCard } from './identity';
import { decodeUcs2, trimPadding } from './ucs2';
import { cardTypeFromFlag, LAYOUTS, TEXT_BLOCK_LENGTH, TYPE_FLAG_OFFSET } from './text-layout';

export type TextBlockFields = Omit<IdentityCard, 'photoWlt'>;

/** Stable warning codes put into IdentityCard.warnings; the UI maps them with WARNING_MESSAGES. */
export type CardWarning =
  | CitizenIdProblem
  | 'unknown_gender_code'
  | 'unknown_nation_code'
  | 'birth_date_invalid'
  | 'valid_from_invalid'
  | 'valid_until_invalid'
  | 'permanent_residence_number_format';

export const WARNING_MESSAGES: Readonly<Record<CardWarning, string>> = {
  id_format: '证件号码格式不对',
  id_check_character: '证件号码校验位不对',
  id_birth_date_mismatch: '证件号码中的出生日期与证件上的不一致',
  id_gender_mismatch: '证件号码中的性别与证件上的不一致',
  unknown_gender_code: '证件上的性别代码无法识别',
  unknown_nation_code: '证件上的民族代码无法识别',
  birth_date_invalid: '证件上的出生日期无效',
  valid_from_invalid: '证件上的签发日期无效',
  valid_until_invalid: '证件上的有效期限无效',
  permanent_residence_number_format: '永久居留证号码格式不对',
};

const LONG_TERM = '长期';

function readField(block: Uint8Array, offset: number, bytes: number): string {
  return trimPadding(decodeUcs2(block, offset, bytes));
}

/** YYYYMMDD → YYYY-MM-DD if it is a real calendar date, else null. */
export function parseCardDate(raw: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export type TextBlockError = 'text_block_length' | 'unknown_card_type';

export function decodeTextBlock(block: Uint8Array): Result<TextBlockFields, TextBlockError> {
  if (block.length !== TEXT_BLOCK_LENGTH) {
    return err('text_block_length', `证件文字信息长度不对（${block.length} 字节），请把证件拿开后重新放好`);
  }
  const flag = readFlag(block);
  const cardType = cardTypeFromFlag(flag);
  if (!cardType) return err('unknown_card_type', '无法识别这种证件，请放身份证或居住证、永久居留证');

  const raw: Record<string, string> = {};
  for (const field of LAYOUTS[cardType]) raw[field.key] = readField(block, field.offset, field.bytes);
  const warnings: CardWarning[] = [];

  const knownGender: Gender | undefined = GENDER_BY_CODE[raw['gender'] ?? ''];
  if (knownGender === undefined) warnings.push('unknown_gender_code');
  const gender: Gender = knownGender ?? 'unknown';

  let nation: string | null = null;
  if (cardType === 'resident') {
    nation = NATION_BY_CODE.get(raw['nation'] ?? '') ?? null;
    if (nation === null) warnings.push('unknown_nation_code');
  }

  const date = (key: string, warning: CardWarning): string => {
    const value = raw[key] ?? '';
    const parsed = parseCardDate(value);
    if (parsed === null) {
      warnings.push(warning);
      return value;
    }
    return parsed;
  };
  const birthDate = date('birthDate', 'birth_date_invalid');
  const validFrom = date('validFrom', 'valid_from_invalid');
  let validUntil: string | null = null;
  if (raw['validUntil'] !== LONG_TERM) validUntil = date('validUntil', 'valid_until_invalid');

  const idNumber = raw['idNumber'] ?? '';
  if (cardType === 'foreign_permanent_2017') {
    // 2017 permit: 3-letter nationality + 12 digits, no GB 11643 check character.
    if (!/^[A-Z]{3}\d{12}$/.test(idNumber)) warnings.push('permanent_residence_number_format');
  } else {
    warnings.push(...validateCitizenId(idNumber, { birthDate: raw['birthDate'] ?? null, gender }));
  }

  const extra: Record<string, string> = {};
  const extraKeys = LAYOUTS[cardType].map((field) => field.key).filter((key) => !CORE_KEYS.has(key));
  for (const key of extraKeys) extra[key] = raw[key] ?? '';
  if (cardType === 'foreign_permanent_2023') {
    // Characters 1–35 and 36–46 live in two places; a space may fall exactly on the seam.
    extra['englishName'] = trimPadding(decodeUcs2(block, 52, 70) + decodeUcs2(block, 220, 22));
    delete extra['englishNameContinued'];
  }

  let name = raw['name'] ?? '';
  if (name === '' && extra['englishName']) name = extra['englishName'];

  return ok({
    cardType,
    name,
    gender,
    nation,
    birthDate,
    address: raw['address'] ?? '',
    idNumber,
    issuer: raw['issuer'] ?? '',
    validFrom,
    validUntil,
    extra,
    warnings,
  });
}

const CORE_KEYS = new Set([
  'name',
  'gender',
  'nation',
  'birthDate',
  'address',
  'idNumber',
  'issuer',
  'validFrom',
  'validUntil',
]);

function readFlag(block: Uint8Array): string {
  return String.fromCharCode(block[TYPE_FLAG_OFFSET]! | (block[TYPE_FLAG_OFFSET + 1]! << 8));
}
