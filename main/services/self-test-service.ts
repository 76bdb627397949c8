import { randomBytes } from 'node:crypto';
import type { IdCardSource } from '../../drivers/idcard/identity';
import type { PrintErrorCode, ReceiptPrinter } from '../../drivers/printer/receipt-printer';
import type { ScannerHub } from '../../drivers/scanner/hub';
import { maskIdNumber, maskName } from '../../rules/masking';
import { ok, type Result } from '../../rules/result';
import { fixFor, type SelfTestCode, type SelfTestFix } from '../../rules/self-test-fixes';
import type { AuditRecorder } from './audit-port';
import type { StationInfo } from './receipt-builder';

/** The test receipt's code: read back by the scanner test, never taken for a villager's receipt. */
export const TEST_CODE_PREFIX = 'CZT1:';

export type SelfTestOutcome<T> = Result<T, SelfTestCode, SelfTestFix>;

const PRINT_FAILURES: Readonly<Record<PrintErrorCode, SelfTestCode>> = {
  paper_out: 'printer_paper_out',
  cover_open: 'printer_cover_open',
  printer_offline: 'printer_offline',
  printer_disconnected: 'printer_offline',
  printer_error: 'printer_offline',
  printer_timeout: 'printer_status_silent',
};

export interface SelfTestDeps {
  readonly idcard: IdCardSource;
  readonly printer: ReceiptPrinter;
  readonly scanners: ScannerHub;
  readonly station: StationInfo;
  readonly audit: AuditRecorder;
  readonly now?: () => Date;
}

const technician = { role: 'technician', id: 'technician' } as const;

function failed(code: SelfTestCode): { ok: false; error: SelfTestFix } {
  return { ok: false, error: fixFor(code) };
}

/**
 * The technician's self-tests: read their own card (shown masked only), print a test receipt whose
 * QR holds a fresh code, and read that code back with a scanner or the camera. Each failure comes
 * with its fix (rules/self-test-fixes.ts); each run is audited with its outcome code.
 */
export class SelfTestService {
  #expected: string | null = null;
  #waitingForCard = false;

  constructor(private readonly d: SelfTestDeps) {}

  #audit(test: string, result: string): void {
    this.d.audit.record({ actor: technician, action: 'selftest.run', object: `selftest:${test}`, result });
  }

  /** A card read now is the technician's own: the host opens no villager session for it. */
  get waitingForCard(): boolean {
    return this.#waitingForCard;
  }

  /** Waits for the next card placed on the reader; the answer is masked before it leaves here. */
  async readCard(timeoutMs = 20_000): Promise<SelfTestOutcome<{ maskedName: string; maskedIdNumber: string }>> {
    if (this.d.idcard.status.state === 'disconnected') {
      this.#audit('card', 'port_missing');
      return failed('port_missing');
    }
    this.#waitingForCard = true;
    const r = await new Promise<SelfTestOutcome<{ maskedName: string; maskedIdNumber: string }>>((resolve) => {
      const offs: (() => void)[] = [];
      const done = (v: SelfTestOutcome<{ maskedName: string; maskedIdNumber: string }>) => {
        for (const off of offs) off();
        clearTimeout(timer);
        // After the host's own card listener has run for this card (listeners run in order).
        queueMicrotask(() => (this.#waitingForCard = false));
        resolve(v);
      };
      const timer = setTimeout(() => done(failed('card_not_present')), timeoutMs);
      offs.push(
        this.d.idcard.on('card', (card) =>
          done(ok({ maskedName: maskName(card.name), maskedIdNumber: maskIdNumber(card.idNumber) })),
        ),
        this.d.idcard.on('readError', () => done(failed('card_read_failed'))),
      );
    });
    this.#audit('card', r.ok ? 'ok' : r.error.code);
    return r;
  }

  /** Prints the test receipt; its QR code is what the scan test then expects. */
  async printTest(): Promise<SelfTestOutcome<{ code: string }>> {
    const code = `${TEST_CODE_PREFIX}${randomBytes(6).toString('hex').toUpperCase()}`;
    const now = (this.d.now ?? (() => new Date()))();
    const p = (n: number) => String(n).padStart(2, '0');
    const r = await this.d.printer.printReceipt({
      stationName: this.d.station.name,
      serviceName: '设备自检测试回执',
      localNumber: 'TEST',
      platformNumber: null,
      maskedIdNumber: '—',
      maskedName: '—',
      time: `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}`,
      clockTrusted: true,
      qrContent: code,
      agentName: null,
      hotline: this.d.station.hotline,
      ratingInvitation: '这是设备测试回执，请用扫码枪或摄像头扫描上面的二维码完成扫码测试',
      reprint: false,
      notes: [],
    });
    if (!r.ok) {
      const c = PRINT_FAILURES[r.error.code];
      this.#audit('print', c);
      return failed(c);
    }
    this.#expected = code;
    this.#audit('print', 'ok');
    return ok({ code });
  }

  /** This screen's camera decoded `text`: it must be the test receipt's code. */
  checkCameraCode(text: string): SelfTestOutcome<{ source: string }> {
    const r: SelfTestOutcome<{ source: string }> =
      this.#expected !== null && text === this.#expected ? ok({ source: 'camera' }) : failed('camera_no_read');
    this.#audit('scan_camera', r.ok ? 'ok' : r.error.code);
    return r;
  }

  /**
   * Waits for the test receipt's code from a scanner (`source` not camera) or the camera. Another
   * text means the scanner mangles characters (keyboard mode with a non-US layout).
   */
  async scanBack(via: 'scanner' | 'camera', timeoutMs = 20_000): Promise<SelfTestOutcome<{ source: string }>> {
    const expected = this.#expected;
    if (!expected) return failed(via === 'camera' ? 'camera_no_read' : 'scanner_no_read');
    const r = await new Promise<SelfTestOutcome<{ source: string }>>((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(failed(via === 'camera' ? 'camera_no_read' : 'scanner_no_read'));
      }, timeoutMs);
      const off = this.d.scanners.on('scan', (scan) => {
        const fromCamera = scan.mode === 'camera' || scan.source.startsWith('camera');
        if (fromCamera !== (via === 'camera')) return;
        off();
        clearTimeout(timer);
        if (scan.text === expected) resolve(ok({ source: scan.source }));
        // Same length, different characters: the keyboard-layout signature of wedge mode.
        else if (scan.mode === 'wedge' || scan.text.length === expected.length)
          resolve(failed('scanner_keyboard_layout'));
        else resolve(failed('scanner_code_mismatch'));
      });
    });
    this.#audit(`scan_${via}`, r.ok ? 'ok' : r.error.code);
    return r;
  }
}
