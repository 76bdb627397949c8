import { createHash, randomUUID } from 'node:crypto';
import type { ReceiptPrinter } from '../../drivers/printer/receipt-printer';
import { failure, success, type ApiResult } from '../contract/result';
import type { PrintOutcome, ProgressView, SubmitResult } from '../contract/views';
import type { Db } from '../store/database';
import type { FieldCipher, LookupHasher } from '../store/field-cipher';
import { maskIdNumber, maskName } from '../../rules/masking';
import { parseReceiptNumber } from '../../rules/receipt-number';
import { platformTime } from '../../rules/clock';
import type { AuditRecorder } from './audit-port';
import type { CatalogService } from './catalog-service';
import { LookupLimiter } from './lookup-limiter';
import {
  cardGapsMessage,
  checkPrefilledValues,
  validateFormValues,
  type FieldValue,
  type InputValue,
} from './form-validation';
import type { OutboxPort, ProgressPort } from './outbox-port';
import { buildReceipt, type StationInfo } from './receipt-builder';
import { drawLocalNumber } from './local-number';
import type { SessionService } from './session-service';
import { validateProxyValues } from './proxy-values';
import { prepareAttachment } from '../../sync/blobs/prepare';

/**
 * An application made by a station agent (issue #11): 帮办 (`assist`, the villager's card on the
 * reader, their signature attached) or 代办 (`proxy`, the villager absent, every field typed by the
 * agent, the written authorisation and ID card photographed). Attachments are content-addressed;
 * the payload names them by purpose.
 */
export interface OnBehalf {
  readonly kind: 'assist' | 'proxy';
  readonly agent: { readonly id: string; readonly maskedName: string };
  readonly attachments: readonly {
    readonly purpose: string;
    readonly data: Uint8Array;
    readonly mime: string;
    /** Stored byte for byte (a signature: small, and a JPEG would blur its strokes); photos follow the photo policy. */
    readonly exact?: boolean;
  }[];
}

export interface TransactionDeps {
  readonly db: Db;
  readonly cipher: FieldCipher;
  readonly hasher: LookupHasher;
  readonly catalog: CatalogService;
  readonly sessions: SessionService;
  readonly outbox: OutboxPort;
  readonly progress: ProgressPort;
  readonly printer: ReceiptPrinter;
  /** Reprints are privileged (a second paper copy of someone's receipt): each one is recorded. */
  readonly audit: AuditRecorder;
  readonly station: StationInfo;
  readonly bootId: string;
  /** True once the platform confirmed the clock this boot (sync clock estimate). */
  readonly clockTrusted: () => boolean;
  /** Platform − device clock (ms) measured this boot, or null: saved and printed times use the platform's. */
  readonly clockOffsetMs?: () => number | null;
  readonly now?: () => Date;
  /** Guessing receipt numbers is rate-limited; tests pass their own limits and clock. */
  readonly lookupLimiter?: LookupLimiter;
}

interface TxRow {
  tx_id: string;
  id_hash: Uint8Array;
  local_number: string;
  service_code: string;
  service_name: string;
  masked_id: string;
  masked_name: string;
  agent_name: string | null;
  agent_id: string | null;
  agent_mode: 'assist' | 'proxy' | null;
  created_at: string;
  clock_trusted: number;
  print_state: 'pending' | 'printed' | 'failed';
  print_error: string | null;
}

/** The AAD of a sealed application record (exported so tests open rows with the host's own code). */
export const sealContext = (txId: string): string => `transactions.sealed_record:${txId}`;

/**
 * Saving an application: the local row and its outbox row commit together, and only then is
 * the villager told 已保存 and the receipt printed. Printing can fail; saving never depends on it.
 */
export class TransactionService {
  readonly #d: TransactionDeps;
  readonly #limiter: LookupLimiter;

  constructor(deps: TransactionDeps) {
    this.#d = deps;
    this.#limiter = deps.lookupLimiter ?? new LookupLimiter();
  }

  async submit(
    args: {
      serviceCode: string;
      values: Record<string, InputValue>;
      requestId: string;
    },
    behalf?: OnBehalf,
  ): Promise<ApiResult<SubmitResult>> {
    const d = this.#d;
    const existing = d.db.prepare('SELECT * FROM transactions WHERE request_id = ?').get(args.requestId) as
      TxRow | undefined;
    if (existing) return success(this.#resultOf(existing)); // a double tap or a retried call

    const proxy = behalf?.kind === 'proxy';
    const session = d.sessions.current;
    if (!session && !proxy) return failure('no_session', '请先刷身份证，再办理业务');
    const service = d.catalog.service(args.serviceCode);
    if (!service) return failure('not_found', '没有找到这项业务，请返回重新选择');
    if (proxy && !service.proxy_allowed)
      return failure('proxy_not_allowed', '这项业务不能代办，必须本人到场办理。请告诉村民本人来站点，或改用帮办');
    const form = d.catalog.form(service.form_id);
    if (!form) return failure('service_unavailable', '这项业务暂时不能办理，请找工作人员');
    let applicant: { idNumber: string; name: string; cardType: string };
    let fields: Record<string, FieldValue>;
    if (proxy) {
      const typed = validateProxyValues(form, args.values, d.station);
      if (!typed.ok && Object.keys(typed.fields).length === 0)
        return failure('proxy_not_allowed', '这项业务的表格没有申请人姓名和身份证号，不能代办');
      if (!typed.ok) return failure('validation_failed', '有几项需要改一下', typed.fields);
      fields = typed.values;
      applicant = { ...typed.applicant, cardType: 'typed_by_agent' };
    } else {
      const card = session!.identity;
      // The whole payload is checked, card-prefilled values included: the platform checks them too.
      const prefilled = checkPrefilledValues(form, card, d.station);
      if (!prefilled.ok) return failure('card_lacks_field', cardGapsMessage(prefilled.gaps));
      const checked = validateFormValues(form, args.values);
      if (!checked.ok) return failure('validation_failed', '有几项需要改一下', checked.fields);
      fields = { ...checked.values, ...prefilled.values };
      applicant = { idNumber: card.idNumber, name: card.name, cardType: card.cardType };
    }
    // Re-encoded and hashed before the write transaction, which stays short.
    const prepared = (behalf?.attachments ?? []).map((a) => ({
      purpose: a.purpose,
      ...(a.exact ? exactAttachment(a) : prepareAttachment({ data: a.data, mime: a.mime })),
    }));
    const deviceNow = (d.now ?? (() => new Date()))();
    // The receipt tells the villager when they applied: the platform's time, not a drifting RTC's.
    const now = new Date(platformTime(deviceNow.getTime(), d.clockOffsetMs?.() ?? null));
    const txId = randomUUID();
    // The platform validates `fields` against the form (docs/platform-protocol.md, application payload).
    const payload = {
      mode: proxy ? 'proxy' : 'self',
      fields,
      form_id: form.id,
      form_version: form.version,
      card_type: applicant.cardType,
      station: { name: d.station.name, region_code: d.station.regionCode },
      ...(behalf
        ? {
            agent: { id: behalf.agent.id, role: behalf.kind },
            attachments_by_purpose: Object.fromEntries(prepared.map((a) => [a.purpose, a.sha256])),
          }
        : {}),
    };

    let row: TxRow;
    try {
      row = d.db.transaction(() => {
        const localNumber = this.#nextLocalNumber();
        d.db
          .prepare(
            `INSERT INTO transactions (tx_id, request_id, local_number, service_code, service_name, form_id, form_version,
             id_hash, masked_id, masked_name, sealed_record, created_at, boot_id, clock_trusted, print_state,
             agent_id, agent_name, agent_mode)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
          )
          .run(
            txId,
            args.requestId,
            localNumber,
            service.code,
            service.name,
            form.id,
            form.version,
            d.hasher.hash(applicant.idNumber),
            maskIdNumber(applicant.idNumber),
            maskName(applicant.name),
            d.cipher.sealJson(payload, sealContext(txId)),
            now.toISOString(),
            d.bootId,
            d.clockTrusted() ? 1 : 0,
            behalf?.agent.id ?? null,
            behalf?.agent.maskedName ?? null,
            behalf?.kind ?? null,
          );
        d.outbox.enqueue({
          txId,
          kind: 'application',
          serviceCode: service.code,
          catalogVersion: service.version,
          payload: { ...payload, local_number: localNumber },
          attachments: prepared.map(({ purpose: _purpose, ...a }) => a),
          dependsOn: null,
        });
        return d.db.prepare('SELECT * FROM transactions WHERE tx_id = ?').get(txId) as TxRow;
      })();
    } catch (error) {
      // The transaction rolled back: nothing of this application was written, earlier ones are
      // untouched, and the screen keeps its requestId so 保存 can simply be tapped again.
      if (isDiskFull(error)) return failure('disk_full', diskFullMessage);
      // The station closed this day (日结): the database refuses new applications on it.
      if (error instanceof Error && /day_closed/.test(error.message)) {
        return failure('day_closed', '今天已经日结，不能再办理新的业务。请明天再来，或者请工作人员帮忙');
      }
      if (error instanceof Error && /SQLITE_FULL|SQLITE_IOERR|SQLITE_READONLY|disk/i.test(error.message)) {
        return failure('storage_failed', '保存没有成功，请找工作人员处理，您的资料不会丢失');
      }
      throw error;
    }
    const print = await this.#print(row, false);
    return success(this.#resultOf({ ...row, ...printColumns(print) }));
  }

  /** A second paper copy carries the masked name and ID: only for a private number or the owner's card. */
  async reprint(localNumber: string, connectionId = 'direct'): Promise<ApiResult<PrintOutcome>> {
    const found = this.#lookUp(localNumber, connectionId);
    if (!found.ok) return found;
    const { row, detailsShown } = found.value;
    if (!detailsShown) return failure('card_required', '这张凭条的编号是旧式的，请先刷本人身份证，再补打');
    const outcome = await this.#print(row, true);
    try {
      this.#d.db.prepare('UPDATE transactions SET reprints = reprints + 1 WHERE tx_id = ?').run(row.tx_id);
      // The kiosk asks for reprints on behalf of whoever stands at it; no villager identity is kept.
      this.#d.audit.record({
        actor: { role: 'villager', id: 'kiosk' },
        action: 'receipt.reprint',
        object: row.tx_id,
        result: outcome.printed ? 'ok' : outcome.code,
      });
    } catch (error) {
      // A reprint that came out is not undone by a full disk; only its count (and its audit entry) is missed.
      if (!isDiskFull(error)) throw error;
    }
    return success(outcome);
  }

  /**
   * Status for anyone holding the number; the platform's note and the masked ID only when the
   * number is a private (unguessable) one or the card in the reader is the applicant's.
   */
  progress(localNumber: string, connectionId = 'direct'): ApiResult<ProgressView> {
    const found = this.#lookUp(localNumber, connectionId);
    if (!found.ok) return found;
    const { row, detailsShown } = found.value;
    const out = this.#d.progress.outboxState(row.tx_id);
    const flowed = this.#d.progress.txStatus(row.tx_id);
    let status: ProgressView['status'] = 'saved_offline';
    if (out?.state === 'inflight') status = 'sending';
    if (out?.state === 'acked') status = 'accepted';
    if (out?.state === 'rejected') status = 'rejected';
    if (flowed) status = flowed.status;
    return success({
      localNumber: row.local_number,
      platformNumber: flowed?.serverRef ?? out?.serverRef ?? null,
      serviceName: row.service_name,
      savedAt: row.created_at,
      status,
      note: detailsShown ? (flowed?.note ?? (out?.state === 'rejected' ? out.message : null)) : null,
      maskedIdNumber: detailsShown ? row.masked_id : null,
      detailsHidden: !detailsShown,
    });
  }

  async #print(row: TxRow, reprint: boolean): Promise<PrintOutcome> {
    const d = this.#d;
    const serverRef = d.progress.txStatus(row.tx_id)?.serverRef ?? d.progress.outboxState(row.tx_id)?.serverRef ?? null;
    const receipt = buildReceipt(d.station, {
      localNumber: row.local_number,
      serviceName: row.service_name,
      maskedIdNumber: row.masked_id,
      maskedName: row.masked_name,
      createdAt: new Date(row.created_at),
      clockTrusted: row.clock_trusted === 1,
      agentName: row.agent_name,
      agentId: row.agent_id,
      agentMode: row.agent_mode,
      platformNumber: serverRef,
      reprint,
    });
    const result = await d.printer.printReceipt(receipt);
    const outcome: PrintOutcome = result.ok
      ? { printed: true }
      : { printed: false, code: result.error.code, message: result.error.message };
    if (!reprint || outcome.printed) {
      const cols = printColumns(outcome);
      try {
        d.db
          .prepare('UPDATE transactions SET print_state = ?, print_error = ? WHERE tx_id = ?')
          .run(cols.print_state, cols.print_error, row.tx_id);
      } catch (error) {
        // The application is saved already; on a full disk only its print mark stays 'pending'.
        if (!isDiskFull(error)) throw error;
      }
    }
    return outcome;
  }

  #resultOf(row: TxRow): SubmitResult {
    const print: PrintOutcome =
      row.print_state === 'printed'
        ? { printed: true }
        : {
            printed: false,
            code: row.print_error ?? 'printer_error',
            message: '回执没有打印出来，请找工作人员补打，您的业务已经保存',
          };
    return { txId: row.tx_id, localNumber: row.local_number, savedAt: row.created_at, print };
  }

  /**
   * Finds a transaction by a typed or scanned number. A typo in a private number is caught by its
   * check digit before any lookup; misses, and legacy numbers without the owner's card, count
   * against the limits (the owner with an old receipt is not a guesser).
   */
  #lookUp(typed: string, connectionId: string): ApiResult<{ row: TxRow; detailsShown: boolean }> {
    const parsed = parseReceiptNumber(typed);
    if (!parsed.ok) return failure(parsed.error.code, parsed.error.message);
    if (!this.#limiter.allows(connectionId)) {
      return failure('too_many_lookups', '查询次数太多了，请过十分钟再试，或者请工作人员帮忙');
    }
    const row = this.#d.db.prepare('SELECT * FROM transactions WHERE local_number = ?').get(parsed.value.number) as
      TxRow | undefined;
    const detailsShown = row !== undefined && (parsed.value.kind === 'private' || this.#cardOwns(row));
    if (!detailsShown) this.#limiter.recordGuess(connectionId);
    if (!row) return failure('not_found', '没有找到这个受理编号，请核对后再试');
    return success({ row, detailsShown });
  }

  /** The card now in the reader is the applicant's (compared by keyed hash, never in the clear). */
  #cardOwns(row: TxRow): boolean {
    const card = this.#d.sessions.current?.identity;
    return card !== undefined && Buffer.from(this.#d.hasher.hash(card.idNumber)).equals(Buffer.from(row.id_hash));
  }

  /** A private receipt number; random, so one receipt says nothing about any other. */
  #nextLocalNumber(): string {
    return drawLocalNumber(this.#d.db);
  }
}

const diskFullMessage = '本机存储空间满了，这次没有保存。请找工作人员清理空间后再点保存，以前办的业务不受影响';

/** SQLite's answer when a write hit ENOSPC (better-sqlite3 puts the result code on `code`). */
function isDiskFull(error: unknown): boolean {
  return (
    error instanceof Error &&
    ((error as { code?: unknown }).code === 'SQLITE_FULL' || /database or disk is full/.test(error.message))
  );
}

function printColumns(outcome: PrintOutcome): { print_state: 'printed' | 'failed'; print_error: string | null } {
  return outcome.printed
    ? { print_state: 'printed', print_error: null }
    : { print_state: 'failed', print_error: outcome.code };
}

function exactAttachment(a: { data: Uint8Array; mime: string }) {
  const sha256 = createHash('sha256').update(a.data).digest('hex');
  return { data: a.data, mime: a.mime, sha256, size: a.data.length, prepared: true as const };
}
