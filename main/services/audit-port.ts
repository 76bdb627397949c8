/**
 * What a service needs to leave a record in the audit chain (protocol 1.1 §3 `audit`). Services
 * depend on this port; the store-backed, hash-chained log implements it. Actor ids are agent or
 * technician ids (or a role name for the system); never a villager's ID number or name.
 */
export type AuditRole = 'villager' | 'agent' | 'technician' | 'system';

export interface AuditEvent {
  readonly actor: { readonly role: AuditRole; readonly id: string };
  /** Stable dotted name, e.g. `technician.unlock`, `enrolment`, `receipt.reprint`, `data.wipe`. */
  readonly action: string;
  /** What was acted on: a tx_id, a config key, a device id; never personal data. */
  readonly object: string;
  /** `ok`, `denied`, `failed` or a stable error code. */
  readonly result: string;
}

export interface AuditRecorder {
  record(event: AuditEvent): void;
}
