import type { ReceiptPrinter } from '../../drivers/printer/receipt-printer';
import type { ReceiptData } from '../../drivers/printer/receipt-data';
import { failure, success, type ApiResult } from '../contract/result';
import type { PrintOutcome } from '../contract/views';
import type { Db } from '../store/database';
import type { AgentActor } from './agent-actor';
import type { AuditRecorder } from './audit-port';
import type { ProgressPort } from './outbox-port';
import { buildReceipt, type StationInfo } from './receipt-builder';

export interface AgentReceiptDeps {
  readonly db: Db;
  readonly printer: ReceiptPrinter;
  readonly progress: ProgressPort;
  readonly audit: AuditRecorder;
  readonly station: StationInfo;
}

interface ReceiptRow {
  tx_id: string;
  local_number: string;
  service_name: string;
  masked_id: string;
  masked_name: string;
  agent_name: string | null;
  created_at: string;
  clock_trusted: number;
  print_state: string;
}

/**
 * Receipts the agent prints: a transaction's receipt (first print of a correction, or 补打) by its
 * tx_id from the queue, and the day-close summary. Receipts carry masked data only.
 */
export class AgentReceipts {
  readonly #d: AgentReceiptDeps;

  constructor(deps: AgentReceiptDeps) {
    this.#d = deps;
  }

  /** Prints a transaction's receipt; `reprint` marks it 补打 and counts it. Audited either way. */
  async print(agent: AgentActor, txId: string, reprint: boolean): Promise<ApiResult<PrintOutcome>> {
    const d = this.#d;
    const row = d.db.prepare('SELECT * FROM transactions WHERE tx_id = ?').get(txId) as ReceiptRow | undefined;
    if (!row) return failure('not_found', '没有找到这件业务，请刷新列表');
    const serverRef = d.progress.txStatus(txId)?.serverRef ?? d.progress.outboxState(txId)?.serverRef ?? null;
    const receipt = buildReceipt(d.station, {
      localNumber: row.local_number,
      serviceName: row.service_name,
      maskedIdNumber: row.masked_id,
      maskedName: row.masked_name,
      createdAt: new Date(row.created_at),
      clockTrusted: row.clock_trusted === 1,
      agentName: row.agent_name,
      platformNumber: serverRef,
      reprint,
    });
    const outcome = await this.#send(receipt);
    d.db.transaction(() => {
      if (reprint && outcome.printed)
        d.db.prepare('UPDATE transactions SET reprints = reprints + 1 WHERE tx_id = ?').run(txId);
      if (!reprint) {
        d.db
          .prepare('UPDATE transactions SET print_state = ?, print_error = ? WHERE tx_id = ?')
          .run(outcome.printed ? 'printed' : 'failed', outcome.printed ? null : outcome.code, txId);
      }
      d.audit.record({
        actor: { role: 'agent', id: agent.id },
        action: reprint ? 'receipt.reprint' : 'receipt.print',
        object: txId,
        result: outcome.printed ? 'ok' : outcome.code,
      });
    })();
    return success(outcome);
  }

  /** The day-close summary through the same printer path as every receipt. */
  async printSummary(receipt: ReceiptData): Promise<PrintOutcome> {
    return this.#send(receipt);
  }

  async #send(receipt: ReceiptData): Promise<PrintOutcome> {
    const result = await this.#d.printer.printReceipt(receipt);
    return result.ok ? { printed: true } : { printed: false, code: result.error.code, message: result.error.message };
  }
}
