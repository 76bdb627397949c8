// One-call helpers for the two halves of a signed exchange, so every client signs and checks
// exactly the same way: the terminal signs a request body exactly as it will send it (after
// compression) and checks the platform's signature and Content-Digest on the raw response bytes
// (before decompression).
import type { KeyObject } from 'node:crypto';
import { contentDigest, verifyContentDigest } from './content-digest';
import { publicKeyFromSpkiBase64, publicKeySha256Hex } from './keys';
import {
  ENROLMENT_RESPONSE_COMPONENTS,
  headerValue,
  requestPartsFromUrl,
  signRequest,
  verifyResponse,
} from './message-signatures';
import type { ComponentId, HeaderBag } from './message-signatures';
import { checkResponseFreshness } from './response-freshness';

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
  const headers: Record<string, string> = {
    ...(req.headers ?? {}),
    'content-digest': contentDigest(req.body ?? new Uint8Array(0)),
  };
  const parts = requestPartsFromUrl(req.method, req.url, headers);
  const sig = signRequest(parts, req.privateKey, { keyid: req.keyid, nonce: req.nonce, created: req.created });
  return { ...headers, ...sig };
}

export type ResponseCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a platform response: its Content-Digest matches the raw body, its signature (keyid
 * "platform") covers @status, content-digest and this request's @path, @query, content-digest and
 * sig1 signature (protocol 1.1), and — once the caller has a platform-time estimate — its `created`
 * is within 300 s of it. Anything else (a captive portal, a proxy's error page, a replayed answer)
 * must be treated as a transport failure.
 */
export function checkPlatformResponse(args: {
  method: string;
  url: string | URL;
  /** The headers that were sent with the request (content-digest, signature-input, signature). */
  requestHeaders: HeaderBag;
  status: number;
  responseHeaders: HeaderBag;
  /** Raw response body bytes as received, before any Content-Encoding is undone. */
  rawBody: Uint8Array;
  platformPublicKey: KeyObject;
  /** The platform time the terminal estimates (ms), or null/absent when it has none yet. */
  platformNowMs?: number | null;
  /** Components the signature must cover; RESPONSE_COMPONENTS (1.1) unless told otherwise. */
  required?: readonly ComponentId[];
}): ResponseCheck {
  const digest = verifyContentDigest(headerValue(args.responseHeaders, 'content-digest'), args.rawBody);
  if (!digest.ok) return { ok: false, reason: `content_digest_${digest.reason}` };
  const request = requestPartsFromUrl(args.method, args.url, args.requestHeaders);
  const v = verifyResponse(
    { status: args.status, headers: args.responseHeaders },
    request,
    args.platformPublicKey,
    args.required ? { required: args.required } : {},
  );
  if (!v.ok) return { ok: false, reason: v.reason };
  const fresh = checkResponseFreshness(v.signature.created, args.platformNowMs ?? null);
  return fresh.ok ? { ok: true } : { ok: false, reason: fresh.reason };
}

export type EnrolmentCheck =
  | { ok: true; platformPublicKey: KeyObject }
  | { ok: false; reason: 'platform_key_invalid' | 'platform_key_mismatch' | 'response_unverifiable'; detail: string };

/**
 * Checks a 201 enrolment answer before anything of it is stored (protocol 1.1 §2). With a pinned
 * `platform_key_sha256` the offered key must hash to it and the answer must carry a signature by
 * that key over "@status" "content-digest" "@path";req "@query";req. Without a pin the key cannot
 * be authenticated at all, but a signature the answer does carry must still verify with it.
 */
export function checkEnrolmentResponse(args: {
  method: string;
  url: string | URL;
  requestHeaders: HeaderBag;
  status: number;
  responseHeaders: HeaderBag;
  rawBody: Uint8Array;
  /** `platform_public_key` from the answer's body (base64 SPKI DER). */
  offeredKeySpki: string;
  pinnedKeySha256: string | null;
  platformNowMs?: number | null;
}): EnrolmentCheck {
  let key: KeyObject;
  try {
    key = publicKeyFromSpkiBase64(args.offeredKeySpki);
  } catch (e) {
    return { ok: false, reason: 'platform_key_invalid', detail: (e as Error).message };
  }
  const pinned = args.pinnedKeySha256?.toLowerCase() ?? null;
  if (pinned !== null && publicKeySha256Hex(args.offeredKeySpki) !== pinned) {
    return {
      ok: false,
      reason: 'platform_key_mismatch',
      detail: 'platform_public_key does not match platform_key_sha256',
    };
  }
  const signed =
    headerValue(args.responseHeaders, 'signature') !== undefined ||
    headerValue(args.responseHeaders, 'signature-input') !== undefined;
  if (pinned === null && !signed) return { ok: true, platformPublicKey: key };
  const check = checkPlatformResponse({ ...args, platformPublicKey: key, required: ENROLMENT_RESPONSE_COMPONENTS });
  return check.ok
    ? { ok: true, platformPublicKey: key }
    : { ok: false, reason: 'response_unverifiable', detail: check.reason };
}
