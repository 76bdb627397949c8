// Error codes of protocol version 1.1. HTTP-level errors travel in the error body
// {"error": {code, message, permanent}}; item-level codes travel in batch results.

/** Codes of whole-request failures, with the HTTP status the platform answers and whether retrying the same request can ever succeed. */
export const REQUEST_ERRORS = {
  bad_request: { status: 400, permanent: true },
  signature_invalid: { status: 401, permanent: true },
  device_unknown: { status: 401, permanent: true },
  device_revoked: { status: 403, permanent: true },
  device_mismatch: { status: 403, permanent: true },
  admin_unauthorized: { status: 401, permanent: true },
  admin_forbidden: { status: 403, permanent: true },
  not_found: { status: 404, permanent: true },
  enrollment_code_unknown: { status: 404, permanent: true },
  blob_unknown: { status: 404, permanent: false },
  method_not_allowed: { status: 405, permanent: true },
  enrollment_code_used: { status: 409, permanent: true },
  blob_offset_mismatch: { status: 409, permanent: false },
  blob_length_conflict: { status: 409, permanent: true },
  nonce_invalid: { status: 401, permanent: false },
  cursor_expired: { status: 410, permanent: true },
  batch_too_large: { status: 413, permanent: true },
  body_too_large: { status: 413, permanent: true },
  chunk_too_large: { status: 413, permanent: true },
  unsupported_encoding: { status: 415, permanent: true },
  unsupported_media_type: { status: 415, permanent: true },
  blob_corrupt: { status: 422, permanent: false },
  rate_limited: { status: 429, permanent: false },
  internal_error: { status: 500, permanent: false },
  unavailable: { status: 503, permanent: false },
} as const satisfies Record<string, { status: number; permanent: boolean }>;

export type RequestErrorCode = keyof typeof REQUEST_ERRORS;

/** `rejected` item codes: permanent, the terminal shows the item to the station agent and carries on. */
export const REJECT_CODES = [
  'payload_mismatch',
  'payload_hash_invalid',
  'service_unknown',
  'validation_failed',
  'catalog_outdated',
  'dependency_rejected',
  'already_evaluated',
  /** protocol 1.1: an `audit` block that does not continue or verify the device's chain. */
  'audit_chain_broken',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

/** `deferred` item codes: not applied yet, resend later (after uploading blobs for attachment_missing). */
export const DEFER_CODES = ['attachment_missing', 'dependency_missing'] as const;
export type DeferCode = (typeof DEFER_CODES)[number];

export type ItemCode = RejectCode | DeferCode;

export interface ErrorBody {
  error: { code: string; message: string; permanent: boolean };
}

export function errorBody(code: RequestErrorCode, message: string): ErrorBody {
  return { error: { code, message, permanent: REQUEST_ERRORS[code].permanent } };
}

export function errorStatus(code: RequestErrorCode): number {
  return REQUEST_ERRORS[code].status;
}
