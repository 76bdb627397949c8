import type { ScanOutcome } from '../../main/contract/views';

/** The provisioning form on the technician screen, as typed or filled from an enrolment QR. */
export interface EnrolForm {
  readonly platform: string;
  readonly code: string;
  readonly regionCode: string;
  readonly stationName: string;
  /** `platform_key_sha256` from the enrolment QR ('' = not pinned): the platform key to insist on. */
  readonly platformKeySha256: string;
}

export type EnrolField = keyof EnrolForm;
export type EnrolProblem = 'platform' | 'code' | 'regionCode' | 'stationName' | 'platformKeySha256';

export const emptyEnrolForm: EnrolForm = {
  platform: '',
  code: '',
  regionCode: '',
  stationName: '',
  platformKeySha256: '',
};

/**
 * Fills the form from a scanned enrolment code. Only what the code carries is replaced (a code
 * without a region keeps the region already typed) — except the key hash, which belongs to the
 * scanned platform and code and so is cleared when the new code has none. Nothing is submitted:
 * the technician checks the values and presses 注册. Other codes leave the form as it is (null).
 */
export function fillFromScan(form: EnrolForm, outcome: ScanOutcome): EnrolForm | null {
  if (outcome.kind !== 'enrolment') return null;
  return {
    platform: outcome.platform,
    code: outcome.code,
    regionCode: outcome.regionCode ?? form.regionCode,
    stationName: outcome.station ?? form.stationName,
    platformKeySha256: outcome.platformKeySha256 ?? '',
  };
}

/** The same checks as the host's `tech.enrol` schema, so mistakes show before the round trip. */
export function checkEnrolForm(form: EnrolForm): EnrolProblem[] {
  const problems: EnrolProblem[] = [];
  if (!isHttpUrl(form.platform) || form.platform.length > 512) problems.push('platform');
  if (!/^[\x21-\x7e]{4,128}$/.test(form.code)) problems.push('code');
  if (!/^\d{12}$/.test(form.regionCode)) problems.push('regionCode');
  const name = form.stationName.trim();
  if (name.length < 1 || [...name].length > 64) problems.push('stationName');
  const pin = form.platformKeySha256.trim();
  if (pin !== '' && !/^[0-9a-fA-F]{64}$/.test(pin)) problems.push('platformKeySha256');
  return problems;
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** The arguments of `tech.enrol`, trimmed; the key hash only when the code pinned one. */
export function enrolArgs(form: EnrolForm): {
  platform: string;
  code: string;
  regionCode: string;
  stationName: string;
  platformKeySha256?: string;
} {
  const pin = form.platformKeySha256.trim().toLowerCase();
  return {
    platform: form.platform.trim(),
    code: form.code.trim(),
    regionCode: form.regionCode,
    stationName: form.stationName.trim(),
    ...(pin ? { platformKeySha256: pin } : {}),
  };
}
