import { z } from 'zod';

/**
 * The station details the technician types in the wizard and the network printer address they
 * give discovery: one set of rules for the screen (mistakes shown before the round trip), the
 * host's method schemas and remote configuration's hotline.
 */
export const stationNameSchema = z
  .string()
  .trim()
  .min(1)
  .refine((s) => [...s].length <= 64, 'at most 64 characters');
/** 12-digit statistical area code of the village. */
export const regionCodeSchema = z.string().regex(/^\d{12}$/);
/** Digits and dashes, 3–20 (12345, 0731-12345678). */
export const hotlineSchema = z.string().regex(/^[0-9][0-9-]{2,19}$/, 'digits and dashes, 3–20');

/** A host name or IPv4 address, optionally `:port` (1–65535); no scheme, no path. */
export const printerAddressSchema = z
  .string()
  .regex(/^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/)
  .refine((s) => {
    const port = s.split(':')[1];
    return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
  }, 'port 1–65535');

export interface StationDetails {
  readonly stationName: string;
  readonly regionCode: string;
  /** '' = keep the hotline the terminal has. */
  readonly hotline: string;
}
export type StationDetailsProblem = keyof StationDetails;

export function checkStationDetails(d: StationDetails): StationDetailsProblem[] {
  const problems: StationDetailsProblem[] = [];
  if (!stationNameSchema.safeParse(d.stationName).success) problems.push('stationName');
  if (!regionCodeSchema.safeParse(d.regionCode).success) problems.push('regionCode');
  if (d.hotline !== '' && !hotlineSchema.safeParse(d.hotline).success) problems.push('hotline');
  return problems;
}

/** '' = no network printer to look for. */
export function printerAddressOk(text: string): boolean {
  return text === '' || printerAddressSchema.safeParse(text).success;
}
