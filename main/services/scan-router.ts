import type { ScanClass } from '../../drivers/scanner/classify';
import { UNKNOWN_CODE_MESSAGE } from '../../drivers/scanner/classify';
import type { ScanOutcome } from '../contract/views';

/**
 * What the terminal does with a classified code. Nothing scanned is trusted: only our own receipt
 * and enrolment codes lead anywhere; a URL is never opened, digits and anything else are
 * "无法识别此二维码" on screen and by voice.
 */
export function scanOutcome(code: ScanClass): ScanOutcome {
  switch (code.kind) {
    case 'receipt':
      return { kind: 'receipt', localNumber: code.localNumber };
    case 'enrolment':
      return {
        kind: 'enrolment',
        platform: code.platform,
        code: code.code,
        ...(code.regionCode ? { regionCode: code.regionCode } : {}),
        ...(code.station ? { station: code.station } : {}),
        ...(code.platformKeySha256 ? { platformKeySha256: code.platformKeySha256 } : {}),
      };
    default:
      return { kind: 'unrecognised', message: UNKNOWN_CODE_MESSAGE };
  }
}
