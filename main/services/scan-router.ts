import type { ScanOutcome } from '../contract/views';
import { parseReceiptCode } from './receipt-code';

/**
 * Turns a scanned code into what the terminal does with it. Nothing scanned is trusted: only our
 * own receipt and enrolment codes lead anywhere; a URL is never opened.
 */
export class ScanRouter {
  fromText(text: string): ScanOutcome {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim().slice(0, 4096);
    const local = parseReceiptCode(clean);
    if (local) return { kind: 'receipt', localNumber: local };
    return { kind: 'unrecognised', message: '无法识别此二维码' };
  }

  fromCamera(args: { text?: string | undefined; bytesBase64?: string | undefined }): ScanOutcome {
    const text = args.text ?? Buffer.from(args.bytesBase64 ?? '', 'base64').toString('utf8');
    return this.fromText(text);
  }
}
