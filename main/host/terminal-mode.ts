import type { TerminalMode } from './config';

/**
 * The station details the wizard saves (`station.name` and `station.regionCode` in the file). A
 * file holding only the technician's PIN hash (`cunzhan set-pin`), devices or knobs is not a
 * set-up station: the defaults of those two keys must never pass for a real village.
 */
export function fileHasStationDetails(raw: unknown): boolean {
  if (!raw || typeof raw !== 'object') return false;
  const station = (raw as { station?: unknown }).station;
  if (!station || typeof station !== 'object') return false;
  const { name, regionCode } = station as { name?: unknown; regionCode?: unknown };
  return typeof name === 'string' && name.length > 0 && typeof regionCode === 'string' && regionCode.length > 0;
}

/**
 * Fail closed: a terminal serves villagers only once it knows which station it is, from the
 * wizard's station details or from enrolment (which stores the county's). Until then it is in
 * provisioning whatever else its configuration holds; a demo is only ever asked for.
 */
export function terminalModeOf(facts: {
  demo: boolean;
  stationInFile: boolean;
  enrolledStation: boolean;
}): TerminalMode {
  if (facts.demo) return 'demo';
  return facts.stationInFile || facts.enrolledStation ? 'station' : 'provisioning';
}
