import { z } from 'zod';

/**
 * Stable error codes across the KioskApi. The UI maps each to plain Chinese (renderer/i18n);
 * the host also sends a Chinese message so that a thin client can show it as is.
 */
export const errorCodes = [
  'bad_request',
  'unauthorized',
  'not_found',
  'no_session',
  'service_unavailable',
  'validation_failed',
  /** The card on the reader cannot supply a field the form takes from it (e.g. no household address). */
  'card_lacks_field',
  'storage_failed',
  /** The data folder is full: nothing was saved this time, what was saved before is intact. */
  'disk_full',
  'device_unavailable',
  'paper_out',
  'cover_open',
  'printer_offline',
  'printer_error',
  'printer_timeout',
  'printer_disconnected',
  'not_demo',
  'demo_platform_refused',
  'not_provisioned',
  'tech_pin_not_set',
  'locked',
  /** A typed receipt number whose check digit does not match: a typo, nothing was looked up. */
  'receipt_typo',
  /** Text that is no receipt number at all. */
  'receipt_malformed',
  /** Too many receipt numbers tried that found nothing (or guessable ones): wait, or ask staff. */
  'too_many_lookups',
  /** An old-style (guessable) receipt number: the applicant's card must be in the reader first. */
  'card_required',
  'enrolment_failed',
  'sync_failed',
  /** The terminal refused to start: Linux keystore without a keyring (safeStorage basic_text). */
  'keystore_plaintext',
  /** The terminal refused to start: its data folder belongs to someone else or cannot be made private. */
  'data_folder_insecure',
  'internal',
  /** Station agents (issue #11): the card is no registered agent's. */
  'agent_unknown',
  /** The agent's record is deactivated on the platform. */
  'agent_inactive',
  /** The agent belongs to another station. */
  'agent_other_station',
  /** The agent has no sign-in PIN yet. */
  'agent_pin_not_set',
  /** An agent-only method without a signed-in agent on this screen. */
  'agent_required',
  /** 代办 of a service that does not allow applying on someone's behalf (`proxy_allowed` false). */
  'proxy_not_allowed',
  /** The day was closed (日结): no new application is saved on it. */
  'day_closed',
  /** A rejected application already has its correction (修改后重新提交 once per item). */
  'already_corrected',
  /** The wizard's configuration was not written (invalid, or the file could not be replaced). */
  'setup_failed',
  /** The diagnostics bundle was not made (no stick, not writable, or personal data could not be ruled out). */
  'diag_failed',
] as const;

export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;
