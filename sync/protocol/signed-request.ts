// One-call helpers for the two halves of a signed exchange, so every client signs and checks
// exactly the same way: the terminal signs a request body exactly as it will send it (after
// compression) and checks the platform's signature and Content-Digest on the raw response bytes
// (before decompression).
import type { KeyObject } from 'node:crypto';
import { contentDigest, verifyContentDigest } from './content-digest';
import { headerValue, requestPartsFromUrl, signRequest, verifyResponse } from './message-signatures';
import type { HeaderBag } from './message-signatures';

export interface OutgoingRequest {
  method: string;
  url: string | URL;
  /** Body bytes exactly as they go on the wire (already compressed); omit for bodiless requests. */
  body?: Uint8Array;
  /** Other headers to send (Content-Type, Content-Encoding, Upload-Offset …); not modified. */
  headers?: Record<string, string>;
  privateKey: KeyObject;
  keyid: string;
  nonce?: string;
  created?: number;
}

/** Headers to send: the given ones plus Content-Digest, Signature-Input and Signature. */
export function signOutgoingRequest(req: OutgoingRequest): Record<string, string> {
  const headers: Record<string, string> = { ...(req.headers ?? {}), 'content-digest': contentDigest(req.body ?? new Uint8Array(0)) };
  const parts = requestPartsFromUrl(req.method, req.url, headers);
  const sig = signRequest(parts, req.privateKey, { keyid: req.keyid, nonce: req.nonce, created: req.created });
  return { ...headers, ...sig };
}

export type ResponseCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a platform response: its Content-Digest matches the raw body and its signature (keyid
 * "platform") covers @status, content-digest and this request's @path and content-digest.
 * Anything else (a captive portal, a proxy's error page) must be treated as a transport failure.
 */
export function checkPlatformResponse(args: {
  method: string;
  url: string | URL;
  /** The headers that were sent with the request (at least content-digest). */
  requestHeaders: HeaderBag;
  status: number;
  responseHeaders: HeaderBag;
  /** Raw response body bytes as received, before any Content-Encoding is undone. */
  rawBody: Uint8Array;
  platformPublicKey: KeyObject;
}): ResponseCheck {
  const digest = verifyContentDigest(headerValue(args.responseHeaders, 'content-digest'), args.rawBody);
  if (!digest.ok) return { ok: false, reason: `content_digest_${digest.reason}` };
  const request = requestPartsFromUrl(args.method, args.url, args.requestHeaders);
  const v = verifyResponse({ status: args.status, headers: args.responseHeaders }, request, args.platformPublicKey);
  return v.ok ? { ok: true } : { ok: false, reason: v.reason };
}
