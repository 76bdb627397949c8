/** Expected failures are values with stable codes; exceptions are for bugs. */
export interface Failure<C extends string = string> {
  readonly code: C;
  /** Plain Chinese, suitable for the villager or the technician. */
  readonly message: string;
}

export type Result<T, C extends string = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: Failure<C> };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function err<C extends string>(code: C, message: string): { readonly ok: false; readonly error: Failure<C> } {
  return { ok: false, error: { code, message } };
}
