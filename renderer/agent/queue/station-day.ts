import { chinaDay } from '../../../rules/clock';

/** The station's calendar day (China time, as the host's `day`). */
export function stationDay(at: Date): string {
  return chinaDay(at.getTime());
}
