import { TransportError } from './transport';

/**
 * How the sender reacts to a failed exchange:
 * - transient: resend the same batch unchanged later (5xx, 429, 408, timeouts, resets,
 *   unverifiable responses, error bodies saying permanent:false);
 * - too_large: 413 — halve the batch;
 * - auth: the device itself is refused (unknown, revoked, bad signature) — stop sending until a
 *   technician acts; no item is at fault;
 * - permanent: the request is refused for good; a single-item batch rejects that item, a larger
 *   batch is split to find it.
 */
export type SyncFailure =
  | { readonly kind: 'transient'; readonly code: string; readonly message: string; readonly retryAfterMs?: number }
  | { readonly kind: 'too_large'; readonly code: string; readonly message: string }
  | { readonly kind: 'auth'; readonly code: string; readonly message: string }
  | { readonly kind: 'permanent'; readonly code: string; readonly message: string };

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly permanent?: boolean;
}

/** Reads `{"error": {...}}`; anything else yields a code derived from the status. */
export function parseErrorBody(status: number, text: string): ErrorBody {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; permanent?: unknown } };
    const e = parsed.error;
    if (e && typeof e.code === 'string') {
      return {
        code: e.code,
        message: typeof e.message === 'string' ? e.message : e.code,
        ...(typeof e.permanent === 'boolean' ? { permanent: e.permanent } : {}),
      };
    }
  } catch {
    // not JSON: a proxy or captive portal page
  }
  return { code: `http_${status}`, message: `HTTP ${status}` };
}

/** Retry-After as delay-seconds, or an HTTP date taken relative to the response's own Date. */
export function parseRetryAfter(value: string | undefined, dateHeader: string | undefined): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  const now = dateHeader ? Date.parse(dateHeader) : NaN;
  if (Number.isFinite(at) && Number.isFinite(now)) return Math.max(0, at - now);
  return undefined;
}

const authCodes = new Set(['signature_invalid', 'device_unknown', 'device_revoked', 'device_mismatch']);

export function classifyHttp(
  status: number,
  body: ErrorBody,
  headers: { retryAfter?: string; date?: string } = {},
): SyncFailure {
  if (status === 413) return { kind: 'too_large', code: body.code, message: body.message };
  if (status === 429 || status === 408 || status >= 500) {
    const retryAfterMs = parseRetryAfter(headers.retryAfter, headers.date);
    return {
      kind: 'transient',
      code: body.code,
      message: body.message,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if ((status === 401 || status === 403) && (authCodes.has(body.code) || body.code.startsWith('http_'))) {
    return { kind: 'auth', code: body.code, message: body.message };
  }
  if (body.permanent === false) return { kind: 'transient', code: body.code, message: body.message };
  if (status >= 400 && status < 500) return { kind: 'permanent', code: body.code, message: body.message };
  // 1xx/3xx/unexpected 2xx: we cannot trust what answered.
  return { kind: 'transient', code: `unexpected_status_${status}`, message: `unexpected HTTP ${status}` };
}

export function classifyError(error: unknown): SyncFailure {
  if (error instanceof TransportError) {
    return {
      kind: 'transient',
      code: error.code,
      message: error.errno ? `${error.message} (${error.errno})` : error.message,
    };
  }
  if (error instanceof UnverifiableResponseError)
    return { kind: 'transient', code: 'response_unverifiable', message: error.message };
  throw error;
}

/** A response that is not provably from the platform: treated exactly like a lost response. */
export class UnverifiableResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnverifiableResponseError';
  }
}

/**
 * The failure alone, without what the exchange carried beside it (status, headers): what cycle
 * reports and blob uploads pass on, so no response headers travel into reports or logs.
 */
export function bareFailure(f: SyncFailure & { readonly status?: number; readonly headers?: unknown }): SyncFailure {
  const { status: _status, headers: _headers, ...failure } = f;
  return failure as SyncFailure;
}
