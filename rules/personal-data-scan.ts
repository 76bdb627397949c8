import { isValidCitizenIdNumber } from './citizen-id';

/**
 * Finds personal data in text that is about to leave the terminal (the diagnostics bundle): ID
 * numbers (18-character runs whose GB 11643 check character is right), mainland mobile numbers, and
 * the exact strings given as known names (read from the local database by the caller). Each hit is
 * replaced by a marker saying what was there, never a part of it.
 *
 * Pure module (rules/): no Node, DOM or Electron imports.
 */
export type PersonalDataKind = 'id_number' | 'phone' | 'name';

export const REDACTION_MARKS: Readonly<Record<PersonalDataKind, string>> = {
  id_number: '[已隐去:身份证号]',
  phone: '[已隐去:电话]',
  name: '[已隐去:姓名]',
};

export interface ScanResult {
  readonly text: string;
  readonly hits: Readonly<Record<PersonalDataKind, number>>;
}

// Not preceded or followed by another digit: a run inside a longer number is not an ID number.
const ID_RUN = /(?<!\d)\d{17}[\dXx](?![\dXx])/g;
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `names`: strings to find verbatim (names, addresses); shorter than two characters are ignored,
 * since one character would hit everywhere.
 */
export function redactPersonalData(text: string, names: readonly string[] = []): ScanResult {
  const hits: Record<PersonalDataKind, number> = { id_number: 0, phone: 0, name: 0 };
  let out = text.replace(ID_RUN, (run) => {
    if (!isValidCitizenIdNumber(run.toUpperCase())) return run;
    hits.id_number += 1;
    return REDACTION_MARKS.id_number;
  });
  out = out.replace(MOBILE, () => {
    hits.phone += 1;
    return REDACTION_MARKS.phone;
  });
  const wanted = [...new Set(names.filter((n) => [...n.trim()].length >= 2).map((n) => n.trim()))];
  // Longest first, so an address is redacted whole before a name inside it.
  wanted.sort((a, b) => b.length - a.length);
  if (wanted.length > 0) {
    const pattern = new RegExp(wanted.map(escapeRegExp).join('|'), 'gu');
    out = out.replace(pattern, () => {
      hits.name += 1;
      return REDACTION_MARKS.name;
    });
  }
  return { text: out, hits };
}

export function totalHits(r: ScanResult): number {
  return r.hits.id_number + r.hits.phone + r.hits.name;
}
