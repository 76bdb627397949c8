// What a handler returns; server.ts turns it into bytes (compression, Content-Digest, signature).
import { errorBody } from '../protocol/errors';
import type { RequestErrorCode } from '../protocol/errors';
import { HttpError } from './http-util';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
}

export function errorReply(e: unknown, log?: (event: Record<string, unknown>) => void): Reply {
  if (e instanceof HttpError) return { status: e.status, headers: e.headers, json: e.body() };
  log?.({ event: 'internal_error', error: (e as Error).stack ?? String(e) });
  return { status: 500, json: errorBody('internal_error', 'internal error') };
}

export function codeReply(
  code: RequestErrorCode,
  message: string,
  status?: number,
  headers: Record<string, string> = {},
): Reply {
  const e = new HttpError(code, message, headers);
  return { status: status ?? e.status, headers, json: e.body() };
}
