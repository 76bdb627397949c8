/**
 * The receipt (回执) as data. Services build it (already masked); the printer driver lays it out
 * for the configured paper width and encodes it. Nothing here is unmasked personal data.
 */
export interface ReceiptData {
  readonly stationName: string;
  readonly serviceName: string;
  /** Local acceptance number, e.g. 4301210001-20261122-0007. */
  readonly localNumber: string;
  /** The platform's 受理编号 once synced (shown on reprints). */
  readonly platformNumber: string | null;
  /** Already masked, e.g. 4301**********0018. */
  readonly maskedIdNumber: string;
  /** Already masked, e.g. 张*. */
  readonly maskedName: string;
  /** Local time as shown, e.g. 2026-11-22 10:31. */
  readonly time: string;
  /** False when the terminal clock has not been confirmed by the platform this boot. */
  readonly clockTrusted: boolean;
  /** Content of the QR code; the terminal's scanners read it back to open the progress page. */
  readonly qrContent: string;
  /** Agent's name when served on the villager's behalf (帮办代办). */
  readonly agentName: string | null;
  /** How the agent served: 帮办 (`assist`, villager present) or 代办 (`proxy`, villager absent). */
  readonly agentRole?: 'assist' | 'proxy';
  /** The agent's id (工号), printed beside the masked name. */
  readonly agentId?: string | null;
  readonly hotline: string;
  /** Invitation to rate the service (好差评). */
  readonly ratingInvitation: string;
  /** Reprints are marked 补打. */
  readonly reprint: boolean;
  /** Optional extra lines (e.g. materials still to bring). */
  readonly notes: readonly string[];
  /** A heading other than 受理回执, e.g. 日结汇总 for a day close (no villager: name and ID left empty). */
  readonly title?: string;
}
