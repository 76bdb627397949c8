import { randomUUID } from 'node:crypto';
import type { CorrectionView } from '../contract/agent-queue-views';
import { failure, success, type ApiResult } from '../contract/result';
import type { PrintOutcome, SubmitResult } from '../contract/views';
import type { Db } from '../store/database';
import type { FieldCipher } from '../store/field-cipher';
import type { RawAttachment } from '../../sync/outbox/types';
import { platformTime } from '../../rules/clock';
import type { AgentActor } from './agent-actor';
import type { AuditRecorder } from './audit-port';
import type { CatalogService } from './catalog-service';
import { validateFormValues, type FieldValue, type InputValue } from './form-validation';
import type { Json, ProgressPort } from './outbox-port';
import { fieldView } from './form-view';
import { drawLocalNumber } from './local-number';
import { rejectionReason } from './rejection-reason';
import { sealContext } from './transaction-service';

/** The outbox as corrections need it: a supplement carries documents (attachments). */
export interface LinkedOutbox {
  enqueue(input: {
    txId: string;
    kind: 'application';
    serviceCode: string;
    catalogVersion: number | null;
    payload: { [key: string]: Json };
    attachments: readonly RawAttachment[];
    dependsOn: string | null;
  }): { seq: number; txId: string };
}

export interface CorrectionDeps {
  readonly db: Db;
  readonly cipher: FieldCipher;
  readonly catalog: CatalogService;
  readonly outbox: LinkedOutbox;
  readonly progress: ProgressPort;
  readonly audit: AuditRecorder;
  readonly bootId: string;
  readonly clockTrusted: () => boolean;
  readonly clockOffsetMs?: () => number | null;
  readonly now?: () => Date;
  /** After a save, so the queue screens hear of the new row at once. */
  readonly onSaved?: () => void;
  /** Prints the new transaction's receipt (first print, not 补打). */
  readonly print: (agent: AgentActor, txId: string) => Promise<ApiResult<PrintOutcome>>;
}

interface OldRow {
  tx_id: string;
  request_id: string;
  local_number: string;
  service_code: string;
  service_name: string;
  form_id: string;
  form_version: number;
  id_hash: Uint8Array;
  masked_id: string;
  masked_name: string;
  sealed_record: Uint8Array;
  queue_state: string;
  created_at: string;
  /** 帮办/代办 of the first application (null: self-service); the correction keeps it. */
  agent_mode: string | null;
}

interface SealedPayload {
  fields: Record<string, FieldValue>;
  [key: string]: unknown;
}

/** A supplement's document as sent by the screen (camera photo or scan). */
export interface SupplementDocument {
  readonly mime: 'image/jpeg' | 'image/png' | 'application/pdf';
  readonly data: Uint8Array;
}

const dayClosedMessage = '这一天已经日结，不能再保存新的业务。请找站长处理';

/**
 * Corrections of a station's applications. A rejected item is corrected by a NEW transaction whose
 * payload names the old one in `supersedes` (an edit is a new transaction, protocol §3); it does
 * not use `depends_on`, because the platform rejects an item that depends on a rejected one
 * (`dependency_rejected`). A needs_more item gets its missing documents as a new transaction that
 * `depends_on` the first (the platform must hold the first before it can attach to it) and names
 * it in `supplements`.
 */
export class CorrectionService {
  readonly #d: CorrectionDeps;

  constructor(deps: CorrectionDeps) {
    this.#d = deps;
  }

  /** The rejected values, for the form to open pre-filled; the agent sees them, so it is audited. */
  open(agent: AgentActor, txId: string): ApiResult<CorrectionView> {
    const found = this.#rejected(txId);
    if (!found.ok) return found;
    const { row, payload } = found.value;
    const service = this.#d.catalog.service(row.service_code);
    const form = this.#d.catalog.form(service?.form_id ?? row.form_id);
    if (!service || !form) return failure('service_unavailable', '这项业务暂时不能办理，请找工作人员');
    const asked = new Set(form.fields.filter((f) => !f.prefill).map((f) => f.key));
    const values: CorrectionView['values'] = {};
    for (const [key, value] of Object.entries(payload.fields)) {
      if (asked.has(key)) values[key] = typeof value === 'number' ? String(value) : value;
    }
    const out = this.#d.progress.outboxState(row.tx_id);
    this.#d.audit.record({
      actor: { role: 'agent', id: agent.id },
      action: 'correction.open',
      object: row.tx_id,
      result: 'ok',
    });
    return success({
      txId: row.tx_id,
      localNumber: row.local_number,
      serviceCode: row.service_code,
      serviceName: row.service_name,
      reason: rejectionReason(out?.code ?? null, out?.message ?? null, form),
      fields: form.fields.filter((f) => !f.prefill).map(fieldView),
      values,
    });
  }

  /** 修改后重新提交: a new transaction with the corrected values that supersedes the rejected one. */
  async resubmit(
    agent: AgentActor,
    args: { txId: string; values: Record<string, InputValue>; requestId: string },
  ): Promise<ApiResult<SubmitResult>> {
    const again = this.#already(args.requestId);
    if (again) return success(again);
    const found = this.#rejected(args.txId);
    if (!found.ok) return found;
    const { row, payload } = found.value;
    const service = this.#d.catalog.service(row.service_code);
    const form = service ? this.#d.catalog.form(service.form_id) : null;
    if (!service || !form) return failure('service_unavailable', '这项业务暂时不能办理，请找工作人员');
    const checked = validateFormValues(form, args.values);
    if (!checked.ok) return failure('validation_failed', '有几项需要改一下', checked.fields);
    // Fields from the card are kept as the card gave them; the agent corrects only what was asked.
    const fromCard = Object.fromEntries(
      form.fields
        .filter((f) => f.prefill)
        .flatMap((f) => (f.key in payload.fields ? [[f.key, payload.fields[f.key]!]] : [])),
    ) as Record<string, FieldValue>;
    const next = {
      ...payload,
      fields: { ...checked.values, ...fromCard },
      form_id: form.id,
      form_version: form.version,
      supersedes: row.tx_id,
    };
    const saved = this.#save(agent, row, {
      requestId: args.requestId,
      form: { id: form.id, version: form.version },
      catalogVersion: service.version,
      payload: next,
      attachments: [],
      dependsOn: null,
      link: { supersedes: row.tx_id, supplements: null },
    });
    this.#d.audit.record({
      actor: { role: 'agent', id: agent.id },
      action: 'correction.resubmit',
      object: row.tx_id,
      result: saved.ok ? 'ok' : saved.error.code,
    });
    return this.#printed(agent, saved);
  }

  /** 补充材料: the missing documents as a new transaction linked to the needs_more one. */
  async supplement(
    agent: AgentActor,
    args: { txId: string; documents: readonly SupplementDocument[]; requestId: string },
  ): Promise<ApiResult<SubmitResult>> {
    const again = this.#already(args.requestId);
    if (again) return success(again);
    const row = this.#row(args.txId);
    if (!row) return failure('not_found', '没有找到这件业务，请刷新列表');
    if (row.queue_state !== 'needs_more') return failure('bad_request', '只有“需要补材料”的业务才能补充材料');
    if (row.sealed_record.length === 0) return failure('not_found', '这件业务的资料已按规定清除，请重新办理');
    if (args.documents.length === 0) return failure('validation_failed', '请先拍下要补充的材料');
    const payload = this.#d.cipher.openJson<SealedPayload>(row.sealed_record, sealContext(row.tx_id));
    const service = this.#d.catalog.service(row.service_code);
    const next = { ...payload, supplements: row.tx_id };
    const saved = this.#save(agent, row, {
      requestId: args.requestId,
      form: { id: row.form_id, version: row.form_version },
      catalogVersion: service?.version ?? null,
      payload: next,
      attachments: args.documents.map((d) => ({ mime: d.mime, data: d.data })),
      dependsOn: row.tx_id,
      link: { supersedes: null, supplements: row.tx_id },
    });
    this.#d.audit.record({
      actor: { role: 'agent', id: agent.id },
      action: 'correction.supplement',
      object: row.tx_id,
      result: saved.ok ? 'ok' : saved.error.code,
    });
    return this.#printed(agent, saved);
  }

  #save(
    agent: AgentActor,
    old: OldRow,
    plan: {
      requestId: string;
      form: { id: string; version: number };
      catalogVersion: number | null;
      payload: Record<string, unknown>;
      attachments: RawAttachment[];
      dependsOn: string | null;
      link: { supersedes: string | null; supplements: string | null };
    },
  ): ApiResult<SubmitResult> {
    const d = this.#d;
    const deviceNow = (d.now ?? (() => new Date()))();
    const now = new Date(platformTime(deviceNow.getTime(), d.clockOffsetMs?.() ?? null));
    const txId = randomUUID();
    const payload = { ...plan.payload, agent: { id: agent.id, maskedName: agent.maskedName } } as {
      [key: string]: Json;
    };
    try {
      const localNumber = d.db.transaction(() => {
        const number = drawLocalNumber(d.db);
        d.db
          .prepare(
            `INSERT INTO transactions (tx_id, request_id, local_number, service_code, service_name, form_id, form_version,
               id_hash, masked_id, masked_name, sealed_record, agent_id, agent_name, created_at, boot_id, clock_trusted,
               print_state, supersedes, supplements, agent_mode)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
          )
          .run(
            txId,
            plan.requestId,
            number,
            old.service_code,
            old.service_name,
            plan.form.id,
            plan.form.version,
            old.id_hash,
            old.masked_id,
            old.masked_name,
            d.cipher.sealJson(payload, sealContext(txId)),
            agent.id,
            agent.maskedName,
            now.toISOString(),
            d.bootId,
            d.clockTrusted() ? 1 : 0,
            plan.link.supersedes,
            plan.link.supplements,
            old.agent_mode,
          );
        d.outbox.enqueue({
          txId,
          kind: 'application',
          serviceCode: old.service_code,
          catalogVersion: plan.catalogVersion,
          payload: { ...payload, local_number: number },
          attachments: plan.attachments,
          dependsOn: plan.dependsOn,
        });
        return number;
      })();
      d.onSaved?.();
      return success({ txId, localNumber, savedAt: now.toISOString(), print: notPrinted });
    } catch (error) {
      if (error instanceof Error && /day_closed/.test(error.message)) return failure('day_closed', dayClosedMessage);
      if (error instanceof Error && /SQLITE_FULL|database or disk is full/.test(error.message))
        return failure('disk_full', '本机存储空间满了，这次没有保存。请找技术员清理空间');
      throw error;
    }
  }

  async #printed(agent: AgentActor, saved: ApiResult<SubmitResult>): Promise<ApiResult<SubmitResult>> {
    if (!saved.ok) return saved;
    const printed = await this.#d.print(agent, saved.value.txId);
    return success({ ...saved.value, print: printed.ok ? printed.value : notPrinted });
  }

  #already(requestId: string): SubmitResult | null {
    const row = this.#d.db
      .prepare('SELECT tx_id, local_number, created_at FROM transactions WHERE request_id = ?')
      .get(requestId) as { tx_id: string; local_number: string; created_at: string } | undefined;
    return row ? { txId: row.tx_id, localNumber: row.local_number, savedAt: row.created_at, print: notPrinted } : null;
  }

  #row(txId: string): OldRow | undefined {
    return this.#d.db.prepare('SELECT * FROM transactions WHERE tx_id = ?').get(txId) as OldRow | undefined;
  }

  #rejected(txId: string): ApiResult<{ row: OldRow; payload: SealedPayload }> {
    const row = this.#row(txId);
    if (!row) return failure('not_found', '没有找到这件业务，请刷新列表');
    if (row.queue_state !== 'rejected') return failure('bad_request', '只有被平台退回的业务才能修改后重新提交');
    const done = this.#d.db.prepare('SELECT local_number FROM transactions WHERE supersedes = ?').get(row.tx_id) as
      { local_number: string } | undefined;
    if (done) return failure('already_corrected', `这件业务已经修改后重新提交过了（新编号 ${done.local_number}）`);
    const payload = this.#d.cipher.openJson<SealedPayload>(row.sealed_record, sealContext(row.tx_id));
    return success({ row, payload });
  }
}

const notPrinted = { printed: false, code: 'printer_error', message: '回执没有打印出来，请点“补打回执”' } as const;
