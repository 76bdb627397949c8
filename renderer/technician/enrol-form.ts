import type { ScanOutcome } from '../../main/contract/views';

/** The provisioning form on the technician screen, as typed or filled from an enrolment QR. */
export interface EnrolForm {
  readonly platform: string;
  readonly code: string;
  readonly regionCode: string;
  readonly stationName: string;
}

export type EnrolField = keyof EnrolForm;
export type EnrolProblem = 'platform' | 'code' | 'regionCode' | 'stationName';

export const emptyEnrolForm: EnrolForm = { platform: '', code: '', regionCode: '', stationName: '' };

/**
 * Fills the form from a scanned enrolment code. Only what the code carries is replaced (a code
 * without a region keeps the region already typed); nothing is submitted: the technician checks
 * the values and presses 注册. Other codes leave the form as it is (null).
 */
export function fillFromScan(form: EnrolForm, outcome: ScanOutcome): EnrolForm | null {
  if (outcome.kind !== 'enrolment') return null;
  return {
    platform: outcome.platform,
    code: outcome.code,
    regionCode: outcome.regionCode ?? form.regionCode,
    stationName: outcome.station ?? form.stationName,
  };
}

/** The same checks as the host's `tech.enroll` schema, so mistakes show before the round trip. */
export function checkEnrolForm(form: EnrolForm): EnrolProblem[] {
  const problems: EnrolProblem[] = [];
  if (!isHttpUrl(form.platform) || form.platform.length > 512) problems.push('platform');
  if (!/^[\x21-\x7e]{4,128}$/.test(form.code)) problems.push('code');
  if (!/^\d{12}$/.test(form.regionCode)) problems.push('regionCode');
  const name = form.stationName.trim();
  if (name.length < 1 || [...name].length > 64) problems.push('stationName');
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

/** The arguments of `tech.enroll`, trimmed. */
export function enrolArgs(form: EnrolForm): { platform: string; code: string; regionCode: string; stationName: string } {
  return { platform: form.platform.trim(), code: form.code.trim(), regionCode: form.regionCode, stationName: form.stationName.trim() };
}
