import type { IdentityCard } from '../../drivers/idcard/identity';
import { maskIdNumber, maskName } from '../../rules/masking';
import type { Db } from '../store/database';
import type { FieldCipher, LookupHasher } from '../store/field-cipher';
import type { FormDefinition, ServiceItem } from './catalog-schema';
import { drawLocalNumber } from './local-number';
import type { OutboxAttachment, OutboxPort } from './outbox-port';

export interface TxRow {
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
  bundle_id: string | null;
  bundle_code: string | null;
  bundle_name: string | null;
}

/** The AAD of a sealed application record (exported so tests open rows with the host's own code). */
export const sealContext = (txId: string): string => `transactions.sealed_record:${txId}`;

export interface WriterDeps {
  readonly db: Db;
  readonly cipher: FieldCipher;
  readonly hasher: LookupHasher;
  readonly outbox: OutboxPort;
  readonly bootId: string;
}

export interface ApplicationInput {
  readonly txId: string;
  readonly requestId: string;
  readonly service: ServiceItem;
  readonly form: FormDefinition;
  /** The applicant: the card on the reader, or (代办) the name and ID number the agent typed. */
  readonly card: Pick<IdentityCard, 'idNumber' | 'name'>;
  /** The application payload (protocol §3) without `local_number`, which is drawn here. */
  readonly payload: Record<string, unknown>;
  readonly createdAt: Date;
  readonly clockTrusted: boolean;
  readonly bundle?: { readonly id: string; readonly code: string; readonly name: string };
  /** Content-addressed attachments (signature, photos), prepared before the write transaction. */
  readonly attachments?: readonly OutboxAttachment[];
  /** 帮办 (`assist`) or 代办 (`proxy`): the station agent who served, masked name only. */
  readonly agent?: { readonly id: string; readonly maskedName: string; readonly mode: 'assist' | 'proxy' };
}

/**
 * Writes one application row and its outbox item. Call it inside a SQLite transaction: the row
 * and the item commit together (a bundle's members all in the same one), or nothing does.
 */
export function writeApplication(d: WriterDeps, a: ApplicationInput): TxRow {
  const localNumber = drawLocalNumber(d.db);
  d.db
    .prepare(
      `INSERT INTO transactions (tx_id, request_id, local_number, service_code, service_name, form_id, form_version,
         id_hash, masked_id, masked_name, sealed_record, created_at, boot_id, clock_trusted, print_state,
         bundle_id, bundle_code, bundle_name, agent_id, agent_name, agent_mode)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      a.txId,
      a.requestId,
      localNumber,
      a.service.code,
      a.service.name,
      a.form.id,
      a.form.version,
      d.hasher.hash(a.card.idNumber),
      maskIdNumber(a.card.idNumber),
      maskName(a.card.name),
      d.cipher.sealJson(a.payload, sealContext(a.txId)),
      a.createdAt.toISOString(),
      d.bootId,
      a.clockTrusted ? 1 : 0,
      a.bundle?.id ?? null,
      a.bundle?.code ?? null,
      a.bundle?.name ?? null,
      a.agent?.id ?? null,
      a.agent?.maskedName ?? null,
      a.agent?.mode ?? null,
    );
  d.outbox.enqueue({
    txId: a.txId,
    kind: 'application',
    serviceCode: a.service.code,
    catalogVersion: a.service.version,
    payload: { ...a.payload, local_number: localNumber },
    attachments: [...(a.attachments ?? [])],
    dependsOn: null,
  });
  return d.db.prepare('SELECT * FROM transactions WHERE tx_id = ?').get(a.txId) as TxRow;
}

/** SQLite's answer when a write hit ENOSPC (better-sqlite3 puts the result code on `code`). */
export function isDiskFull(error: unknown): boolean {
  return (
    error instanceof Error &&
    ((error as { code?: unknown }).code === 'SQLITE_FULL' || /database or disk is full/.test(error.message))
  );
}

export const diskFullMessage = '本机存储空间满了，这次没有保存。请找工作人员清理空间后再点保存，以前办的业务不受影响';

/** A write that failed for storage reasons (rolled back): the villager's answer, or null for a bug. */
export function storageFailure(
  error: unknown,
): { code: 'disk_full' | 'storage_failed' | 'day_closed'; message: string } | null {
  // The station closed this day (日结): a trigger in the database refuses new applications on it.
  if (error instanceof Error && /day_closed/.test(error.message)) {
    return { code: 'day_closed', message: '今天已经日结，不能再办理新的业务。请明天再来，或者请工作人员帮忙' };
  }
  if (isDiskFull(error)) return { code: 'disk_full', message: diskFullMessage };
  if (error instanceof Error && /SQLITE_FULL|SQLITE_IOERR|SQLITE_READONLY|disk/i.test(error.message)) {
    return { code: 'storage_failed', message: '保存没有成功，请找工作人员处理，您的资料不会丢失' };
  }
  return null;
}
