/**
 * GB 11643-1999 citizen ID number: 6-digit area, 8-digit birth date, 3-digit sequence (odd = male,
 * even = female), check character by ISO 7064 MOD 11-2.
 *
 * The one copy for the terminal (form rules, card reader, simulator); sync/platform keeps its own
 * on purpose, as the independent check. Pure module (rules/).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Check character for the first 17 digits, or null if they are not 17 digits. */
export function checkCharacter(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** A complete 18-character number (upper-case X) whose check character is right. */
export function isValidCitizenIdNumber(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && checkCharacter(id.slice(0, 17)) === id[17];
}

export type CitizenIdProblem = 'id_format' | 'id_check_character' | 'id_birth_date_mismatch' | 'id_gender_mismatch';

export const CITIZEN_ID_PROBLEM_MESSAGES: Readonly<Record<CitizenIdProblem, string>> = {
  id_format: '证件号码格式不对（应为18位）',
  id_check_character: '证件号码校验位不对',
  id_birth_date_mismatch: '证件号码中的出生日期与证件上的出生日期不一致',
  id_gender_mismatch: '证件号码中的性别位与证件上的性别不一致',
};

/**
 * Cross-check a decoded number against the card's own fields. Returns the problems found (empty
 * when consistent); the caller reports them rather than silently accepting the card.
 */
export function validateCitizenId(
  id: string,
  fields: { birthDate?: string | null; gender?: 'male' | 'female' | 'unknown' | 'unspecified' },
): CitizenIdProblem[] {
  const upper = id.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(upper)) return ['id_format'];
  const problems: CitizenIdProblem[] = [];
  if (checkCharacter(upper.slice(0, 17)) !== upper[17]) problems.push('id_check_character');
  if (fields.birthDate) {
    const compact = fields.birthDate.replaceAll('-', '');
    if (upper.slice(6, 14) !== compact) problems.push('id_birth_date_mismatch');
  }
  if (fields.gender === 'male' || fields.gender === 'female') {
    const odd = Number(upper[16]) % 2 === 1;
    if (odd !== (fields.gender === 'male')) problems.push('id_gender_mismatch');
  }
  return problems;
}

/** Make a valid number from 17 digits (used by the simulator and fixtures). */
export function withCheckCharacter(first17: string): string {
  const c = checkCharacter(first17);
  if (c === null) throw new RangeError('need exactly 17 digits');
  return first17 + c;
}
