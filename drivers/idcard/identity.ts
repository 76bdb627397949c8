import type { Failure } from '../../rules/result';
import type { DeviceStatus } from '../common/status';

/**
 * What the host receives from any ID card source (real driver, simulator-backed driver or fake).
 * This is the boundary type between drivers/idcard and the rest of the terminal; the driver's
 * internal frame and text-block types live beside it in the codec.
 */
export type CardType =
  /** 居民身份证 (resident ID card). */
  | 'resident'
  /** 港澳台居民居住证 (flag J). */
  | 'hk_mo_tw_residence'
  /** 外国人永久居留证, 2017 layout (flag I). */
  | 'foreign_permanent_2017'
  /** 外国人永久居留身份证, 2023 layout (flag Y). */
  | 'foreign_permanent_2023';

export type Gender = 'male' | 'female' | 'unknown' | 'unspecified';

export interface IdentityCard {
  readonly cardType: CardType;
  /** Chinese name as printed on the card (may contain rare characters, 生僻字). */
  readonly name: string;
  readonly gender: Gender;
  /** Nation name (e.g. 汉) for resident cards; null where the card type has none. */
  readonly nation: string | null;
  /** ISO date YYYY-MM-DD. */
  readonly birthDate: string;
  /** Empty string where the card type has no address. */
  readonly address: string;
  /** 18-character citizen ID number, or the permanent residence number on foreigner cards. */
  readonly idNumber: string;
  readonly issuer: string;
  /** ISO date YYYY-MM-DD. */
  readonly validFrom: string;
  /** ISO date, or null for 长期 (no end date). */
  readonly validUntil: string | null;
  /** Extra fields of the non-resident card types (English name, nationality, pass number, ...). */
  readonly extra: Readonly<Record<string, string>>;
  /** Raw WLT photo bytes (1024 on real cards); decoding needs a vendor library behind PhotoDecoder. */
  readonly photoWlt: Uint8Array | null;
  /**
   * Fingerprint templates (512 bytes each; empty when none enrolled) when the reader was asked for
   * them; absent otherwise. Never logged, never stored unless a service needs it.
   */
  readonly fingerprint?: Uint8Array | null;
  /** Problems found while validating the card (e.g. GB 11643 check character mismatch). */
  readonly warnings: readonly string[];
}

export interface IdCardSourceEvents {
  /** Once per placement: a card left on the reader does not fire again. */
  card: IdentityCard;
  /** The card left the reader. */
  removed: undefined;
  status: DeviceStatus;
  /** A read that failed in a way the villager should hear about (stable code + Chinese message). */
  readError: Failure;
}

/** Implemented by the real driver and by the fake; the host only depends on this. */
export interface IdCardSource {
  readonly status: DeviceStatus;
  on<K extends keyof IdCardSourceEvents>(event: K, listener: (value: IdCardSourceEvents[K]) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}
