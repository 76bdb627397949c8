/**
 * The one result shape of the project: expected failures are values with stable codes, exceptions
 * are for bugs. Drivers, sync, services and the KioskApi contract all use it (the contract's
 * `ApiResult` is `Result` with the contract's error codes and per-field messages).
 *
 * Pure module (rules/): no Node, DOM or Electron imports; lint keeps it so.
 */
export interface Failure<C extends string = string> {
  readonly code: C;
  /** Plain Chinese, suitable for the villager, the agent or the technician. */
  readonly message: string;
}

export type Success<T> = { readonly ok: true; readonly value: T };

/** `E` lets a boundary widen the failure (e.g. the contract adds per-field messages). */
export type Result<T, C extends string = string, E extends Failure<C> = Failure<C>> =
  Success<T> | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): Success<T> {
  return { ok: true, value };
}

export function err<C extends string>(code: C, message: string): { readonly ok: false; readonly error: Failure<C> } {
  return { ok: false, error: { code, message } };
}
