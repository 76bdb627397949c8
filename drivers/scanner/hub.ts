import { z } from 'zod';
import type { Result } from '../../rules/result';
import { err, ok } from '../../rules/result';
import type { DeviceStatus } from '../common/status';
import { TypedEmitter } from '../../rules/typed-emitter';
import type { ScanClass } from './classify';
import { classify } from './classify';
import type { PayloadErrorCode, PayloadLimits } from './payload';
import { DEFAULT_LIMITS, payloadFromBytes, payloadFromText } from './payload';
import type { ScannedCode, ScanSource } from './scan-source';

/** A code from any source after the shared pipeline: sanitised text plus its classification. */
export interface ClassifiedScan extends ScannedCode {
  readonly code: ScanClass;
}

/**
 * What the renderer's camera sends to the host (contract method scan.submit): the text zxing
 * decoded and, when the QR was in byte mode, the raw bytes so the host can apply the GB18030 fallback.
 */
export const ScanSubmissionSchema = z
  .object({
    text: z
      .string()
      .max(DEFAULT_LIMITS.maxBytes * 2)
      .optional(),
    bytesBase64: z
      .string()
      .max(Math.ceil(DEFAULT_LIMITS.maxBytes / 3) * 4 + 4)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/)
      .optional(),
    source: z.literal('camera'),
  })
  .refine((s) => s.text !== undefined || s.bytesBase64 !== undefined, { message: 'text or bytesBase64 required' });
export type ScanSubmission = z.infer<typeof ScanSubmissionSchema>;

export interface ScannerHubEvents {
  scan: ClassifiedScan;
  status: { source: string; status: DeviceStatus };
}

export interface ScannerHubOptions {
  /** The same code from the same source within this window is one scan (continuous-mode scanners, camera). */
  readonly repeatWindowMs?: number;
  readonly limits?: PayloadLimits;
  readonly now?: () => number;
}

/** Runs every scan source, classifies their codes, and accepts camera submissions. */
export class ScannerHub {
  readonly #events = new TypedEmitter<ScannerHubEvents>();
  readonly #sources: { name: string; source: ScanSource; off: (() => void)[] }[] = [];
  readonly #options: ScannerHubOptions;
  readonly #lastSeen = new Map<string, { text: string; at: number }>();

  constructor(options: ScannerHubOptions = {}) {
    this.#options = options;
  }

  on<K extends keyof ScannerHubEvents>(event: K, listener: (value: ScannerHubEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  add(name: string, source: ScanSource): void {
    const off = [
      source.on('scan', (scan) => this.#accept(scan)),
      source.on('status', (status) => this.#events.emit('status', { source: name, status })),
    ];
    this.#sources.push({ name, source, off });
  }

  statuses(): { source: string; status: DeviceStatus }[] {
    return this.#sources.map(({ name, source }) => ({ source: name, status: source.status }));
  }

  async start(): Promise<void> {
    await Promise.all(this.#sources.map(({ source }) => source.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.#sources.map(({ source }) => source.stop()));
    for (const s of this.#sources) for (const off of s.off) off();
    this.#sources.length = 0;
  }

  /**
   * The camera path: same decoding, limits and classification as the hardware scanners. Emits
   * 'scan' like any source (a repeat of the same code within the repeat window is not emitted
   * again) and always returns the classification, so the contract method can answer the screen.
   */
  submit(input: unknown): Result<ClassifiedScan, PayloadErrorCode | 'bad_submission'> {
    const parsed = ScanSubmissionSchema.safeParse(input);
    if (!parsed.success) return err('bad_submission', '扫码数据无效，请重新扫码。');
    const limits = this.#options.limits ?? DEFAULT_LIMITS;
    const { text, bytesBase64 } = parsed.data;
    const payload = bytesBase64
      ? payloadFromBytes(Buffer.from(bytesBase64, 'base64'), limits)
      : payloadFromText(text ?? '', limits);
    if (!payload.ok) return payload;
    const scan = this.#accept({
      source: 'camera',
      text: payload.value.text,
      encoding: payload.value.encoding,
      mode: 'camera',
    });
    return ok(scan ?? { source: 'camera', text: payload.value.text, code: classify(payload.value.text) });
  }

  #accept(scan: ScannedCode): ClassifiedScan | null {
    const now = (this.#options.now ?? Date.now)();
    const last = this.#lastSeen.get(scan.source);
    this.#lastSeen.set(scan.source, { text: scan.text, at: now });
    if (last && last.text === scan.text && now - last.at < (this.#options.repeatWindowMs ?? 1500)) return null;
    const classified: ClassifiedScan = { ...scan, code: classify(scan.text) };
    this.#events.emit('scan', classified);
    return classified;
  }
}

/** Classifies a single piece of text with the shared pipeline (for the demo panel and tools). */
export function classifyText(
  text: string,
  limits: PayloadLimits = DEFAULT_LIMITS,
): Result<ScanClass, PayloadErrorCode> {
  const payload = payloadFromText(text, limits);
  return payload.ok ? ok(classify(payload.value.text)) : payload;
}
