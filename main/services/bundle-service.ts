import { randomUUID } from 'node:crypto';
import type { ReceiptPrinter } from '../../drivers/printer/receipt-printer';
import { platformTime } from '../../rules/clock';
import { failure, success, type ApiResult } from '../contract/result';
import type { BundleSubmitResult, FormView, PrintOutcome } from '../contract/views';
import type { Db } from '../store/database';
import type { FieldCipher, LookupHasher } from '../store/field-cipher';
import { storageFailure, writeApplication, type TxRow } from './application-writer';
import { combineBundleForm, memberValues, type BundleForm } from './bundle-form';
import type { CatalogService } from './catalog-service';
import { cardGapsMessage, checkPrefilledValues, validateFormValues, type InputValue } from './form-validation';
import { fieldView } from './form-view';
import type { OutboxPort } from './outbox-port';
import { prefillDisplay } from './prefill';
import { buildReceipt, type StationInfo } from './receipt-builder';
import type { SessionService } from './session-service';

export interface BundleDeps {
  readonly db: Db;
  readonly cipher: FieldCipher;
  readonly hasher: LookupHasher;
  readonly catalog: CatalogService;
  readonly sessions: SessionService;
  readonly outbox: OutboxPort;
  readonly printer: ReceiptPrinter;
  readonly station: StationInfo;
  readonly bootId: string;
  readonly clockTrusted: () => boolean;
  readonly clockOffsetMs?: () => number | null;
  readonly now?: () => Date;
}

const unavailable = () => failure('service_unavailable', '这件事暂时不能一次办理，请分开办理或找工作人员');

/** The request id of member `i` (the first keeps the screen's own, so a repeated tap finds the bundle). */
const memberRequestId = (requestId: string, i: number): string => (i === 0 ? requestId : `${requestId}/${i}`);

/**
 * 一件事一次办: one combined form for several services (each field asked once), every member
 * application saved in ONE SQLite transaction with `payload.bundle` (protocol 1.1), one receipt
 * listing every member. Each member then travels and is tracked as an application of its own.
 */
export class BundleService {
  readonly #d: BundleDeps;

  constructor(deps: BundleDeps) {
    this.#d = deps;
  }

  form(bundleCode: string): ApiResult<FormView> {
    const combined = this.#combined(bundleCode);
    if (!combined.ok) return combined;
    const { bundle, form, members } = combined.value;
    const card = this.#d.sessions.current?.identity ?? null;
    const prefilled = card ? checkPrefilledValues(form, card, this.#d.station) : null;
    if (prefilled && !prefilled.ok) return failure('card_lacks_field', cardGapsMessage(prefilled.gaps));
    return success({
      serviceCode: bundle.code,
      serviceName: bundle.name,
      formId: form.id,
      version: form.version,
      fields: form.fields.map((f) => ({
        ...fieldView(f),
        ...(f.prefill && card ? { prefilledDisplay: prefillDisplay(f.prefill, card, this.#d.station) } : {}),
      })),
      bundleServices: members.map((m) => m.service.name),
    });
  }

  async submit(args: {
    bundleCode: string;
    values: Record<string, InputValue>;
    requestId: string;
  }): Promise<ApiResult<BundleSubmitResult>> {
    const d = this.#d;
    const earlier = this.#saved(args.requestId);
    if (earlier === 'not_a_bundle') return failure('bad_request', '这次提交的编号已经用过了，请返回重新办理');
    if (earlier) return success(this.#resultOf(earlier)); // a double tap or a retried call

    const session = d.sessions.current;
    if (!session) return failure('no_session', '请先刷身份证，再办理业务');
    const combined = this.#combined(args.bundleCode);
    if (!combined.ok) return combined;
    const { bundle, form, members } = combined.value;
    const card = session.identity;
    const prefilled = checkPrefilledValues(form, card, d.station);
    if (!prefilled.ok) return failure('card_lacks_field', cardGapsMessage(prefilled.gaps));
    const checked = validateFormValues(form, args.values);
    if (!checked.ok) return failure('validation_failed', '有几项需要改一下', checked.fields);

    const deviceNow = (d.now ?? (() => new Date()))();
    const now = new Date(platformTime(deviceNow.getTime(), d.clockOffsetMs?.() ?? null));
    const bundleId = randomUUID();
    const txIds = members.map(() => randomUUID());
    let rows: TxRow[];
    try {
      rows = d.db.transaction(() =>
        members.map((m, i) =>
          writeApplication(d, {
            txId: txIds[i]!,
            requestId: memberRequestId(args.requestId, i),
            service: m.service,
            form: m.form,
            card,
            payload: {
              mode: 'self',
              fields: { ...memberValues(m.form, checked.values), ...memberValues(m.form, prefilled.values) },
              form_id: m.form.id,
              form_version: m.form.version,
              card_type: card.cardType,
              station: { name: d.station.name, region_code: d.station.regionCode },
              bundle: { id: bundleId, code: bundle.code, members: txIds },
            },
            createdAt: now,
            clockTrusted: d.clockTrusted(),
            bundle: { id: bundleId, code: bundle.code, name: bundle.name },
          }),
        ),
      )();
    } catch (error) {
      // Rolled back as a whole: no member of this bundle was saved, so 保存 can be tapped again.
      const failed = storageFailure(error);
      if (failed) return failure(failed.code, failed.message);
      throw error;
    }
    const print = await this.#print(rows);
    return success(this.#resultOf(rows.map((r) => ({ ...r, ...printColumns(print) }))));
  }

  #combined(bundleCode: string): ApiResult<BundleForm> {
    const bundle = this.#d.catalog.bundle(bundleCode);
    if (!bundle) return failure('not_found', '没有找到这件事，请返回重新选择');
    const combined = combineBundleForm(bundle, this.#d.catalog);
    return combined.ok ? success(combined.value) : unavailable();
  }

  /** The members saved for this request id, in receipt order; null if none (a page bug if a single application). */
  #saved(requestId: string): TxRow[] | 'not_a_bundle' | null {
    const first = this.#d.db.prepare('SELECT * FROM transactions WHERE request_id = ?').get(requestId) as
      TxRow | undefined;
    if (!first) return null;
    if (!first.bundle_id) return 'not_a_bundle';
    return this.#d.db
      .prepare('SELECT * FROM transactions WHERE bundle_id = ? ORDER BY rowid')
      .all(first.bundle_id) as TxRow[];
  }

  /** One receipt for the whole bundle: its name, then every member with its own receipt number. */
  async #print(rows: readonly TxRow[]): Promise<PrintOutcome> {
    const d = this.#d;
    const first = rows[0]!;
    const receipt = buildReceipt(d.station, {
      localNumber: first.local_number,
      serviceName: first.bundle_name ?? first.service_name,
      maskedIdNumber: first.masked_id,
      maskedName: first.masked_name,
      createdAt: new Date(first.created_at),
      clockTrusted: first.clock_trusted === 1,
      agentName: first.agent_name,
      platformNumber: null,
      reprint: false,
    });
    const result = await d.printer.printReceipt({
      ...receipt,
      notes: [
        `本次一次办理${rows.length}件事项：`,
        // Name and number on lines of their own: a 58 mm roll wraps long lines mid-number otherwise.
        ...rows.flatMap((r, i) => [`${i + 1}. ${r.service_name}`, `   编号 ${r.local_number}`]),
        '每件事项分别办理，可凭各自编号查询进度',
      ],
    });
    const outcome: PrintOutcome = result.ok
      ? { printed: true }
      : { printed: false, code: result.error.code, message: result.error.message };
    const cols = printColumns(outcome);
    try {
      const mark = d.db.prepare('UPDATE transactions SET print_state = ?, print_error = ? WHERE tx_id = ?');
      d.db.transaction(() => {
        for (const r of rows) mark.run(cols.print_state, cols.print_error, r.tx_id);
      })();
    } catch (error) {
      // The applications are saved already; on a full disk only their print marks stay 'pending'.
      if (!storageFailure(error)) throw error;
    }
    return outcome;
  }

  #resultOf(rows: readonly TxRow[]): BundleSubmitResult {
    const first = rows[0]!;
    const print: PrintOutcome =
      first.print_state === 'printed'
        ? { printed: true }
        : {
            printed: false,
            code: first.print_error ?? 'printer_error',
            message: '回执没有打印出来，请找工作人员补打，您的业务已经保存',
          };
    return {
      txId: first.tx_id,
      localNumber: first.local_number,
      savedAt: first.created_at,
      print,
      bundle: {
        code: first.bundle_code ?? '',
        name: first.bundle_name ?? '',
        members: rows.map((r) => ({ txId: r.tx_id, localNumber: r.local_number, serviceName: r.service_name })),
      },
    };
  }
}

function printColumns(outcome: PrintOutcome): { print_state: 'printed' | 'failed'; print_error: string | null } {
  return outcome.printed
    ? { print_state: 'printed', print_error: null }
    : { print_state: 'failed', print_error: outcome.code };
}
