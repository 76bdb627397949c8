// Which answers the reference platform signs, and over what (protocol 1.1 §2).
//
// Version 1.0 terminals are served by tolerance, not negotiation: a 1.1 response signature covers
// every component a 1.0 terminal requires ("@status" "content-digest" "@path";req
// "content-digest";req) plus "@query";req and "signature";req;key="sig1", and a verifier that
// follows RFC 9421 accepts extra covered components. Nothing on the wire says which version a
// terminal speaks, so there is nothing to negotiate on.
import { parseDictionary } from 'structured-headers';
import {
  ENROLMENT_RESPONSE_COMPONENTS,
  headerValue,
  RESPONSE_COMPONENTS,
  SIGNATURE_LABEL,
} from '../protocol/message-signatures';
import type { ComponentId, RequestParts } from '../protocol/message-signatures';

function hasSig1(signature: string | undefined): boolean {
  if (signature === undefined) return false;
  try {
    return parseDictionary(signature).has(SIGNATURE_LABEL);
  } catch {
    return false;
  }
}

/**
 * The components to sign an answer to `request` over, or null to leave it unsigned:
 * - the enrolment (unsigned request): the first four of the 1.1 list;
 * - any other /v1/ request that carried a Content-Digest and a sig1 signature — every signed
 *   request does, so our answers to them, errors included, can be told from a proxy's: all six;
 * - anything else (ping, a request too broken to bind to) is not signed, and a terminal treats an
 *   unsigned answer where it wanted a signed one as a transport failure.
 */
export function responseComponentsFor(request: RequestParts): readonly ComponentId[] | null {
  if (!request.path.startsWith('/v1/')) return null;
  if (request.method === 'POST' && request.path === '/v1/enroll') return ENROLMENT_RESPONSE_COMPONENTS;
  if (headerValue(request.headers, 'content-digest') === undefined) return null;
  return hasSig1(headerValue(request.headers, 'signature')) ? RESPONSE_COMPONENTS : null;
}
