import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentDigest } from '../../../sync/protocol/content-digest';
import { generateEd25519KeyPair, publicKeyFromSpkiBase64, publicKeyToSpkiBase64 } from '../../../sync/protocol/keys';
import {
  buildSignatureBase,
  parseSignatureHeaders,
  REQUEST_COMPONENTS,
  requestPartsFromTarget,
  requestPartsFromUrl,
  signMessage,
  signRequest,
  signResponse,
  verifyParsedSignature,
  verifyRequest,
  verifyResponse,
} from '../../../sync/protocol/message-signatures';
import type { RequestParts } from '../../../sync/protocol/message-signatures';

// RFC 9421 Appendix B.1.4 test-key-ed25519.
const TEST_KEY_ED25519_PRIVATE = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n';
const TEST_KEY_ED25519_PUBLIC = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n-----END PUBLIC KEY-----\n';

// RFC 9421 Appendix B.2 test request.
const B2_REQUEST: RequestParts = requestPartsFromTarget('POST', 'example.com', '/foo?param=Value&Pet=dog', {
  Host: 'example.com',
  Date: 'Tue, 20 Apr 2021 02:07:55 GMT',
  'Content-Type': 'application/json',
  'Content-Digest': 'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
  'Content-Length': '18',
});

// RFC 9421 Appendix B.2.6, published signature base and signature.
const B26_BASE = [
  '"date": Tue, 20 Apr 2021 02:07:55 GMT',
  '"@method": POST',
  '"@path": /foo',
  '"@authority": example.com',
  '"content-type": application/json',
  '"content-length": 18',
  '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
].join('\n');
const B26_INPUT = 'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"';
const B26_SIGNATURE = 'sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:';
const B26_COMPONENTS = ['date', '@method', '@path', '@authority', 'content-type', 'content-length'].map((name) => ({ name }));

describe('RFC 9421 Appendix B.2.6 (ed25519)', () => {
  it('builds the published signature base and signature byte for byte', () => {
    const params = new Map<string, number | string>([['created', 1618884473], ['keyid', 'test-key-ed25519']]);
    const signed = signMessage({
      components: B26_COMPONENTS,
      params,
      message: { request: B2_REQUEST },
      privateKey: createPrivateKey(TEST_KEY_ED25519_PRIVATE),
      label: 'sig-b26',
    });
    expect(signed.base).toBe(B26_BASE);
    expect(signed['signature-input']).toBe(B26_INPUT);
    expect(signed.signature).toBe(B26_SIGNATURE);
  });

  it('verifies the published signature and rejects a changed message', () => {
    const headers = { ...B2_REQUEST.headers, 'Signature-Input': B26_INPUT, Signature: B26_SIGNATURE };
    const parsed = parseSignatureHeaders(headers, 'sig-b26');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.signature.keyid).toBe('test-key-ed25519');
    expect(parsed.signature.created).toBe(1618884473);
    const pub = createPublicKey(TEST_KEY_ED25519_PUBLIC);
    expect(verifyParsedSignature(parsed.signature, { request: { ...B2_REQUEST, headers } }, pub, []).ok).toBe(true);
    const tampered = { ...B2_REQUEST, path: '/bar', headers };
    expect(verifyParsedSignature(parsed.signature, { request: tampered }, pub, [])).toMatchObject({ ok: false, reason: 'signature_mismatch' });
  });
});

function signedRequest(body: string, opts: { nonce?: string } = {}) {
  const keys = generateEd25519KeyPair();
  const url = 'http://127.0.0.1:8443/v1/devices/d-1/transactions:batch?x=1';
  const headers: Record<string, string> = { 'content-digest': contentDigest(body), 'content-type': 'application/json' };
  const req = requestPartsFromUrl('POST', url, headers);
  Object.assign(headers, signRequest(req, keys.privateKey, { keyid: 'd-1', created: 1700000000, ...opts }));
  return { keys, req, headers };
}

describe('protocol request signatures', () => {
  it('covers @method @authority @path @query content-digest with alg, keyid, created and nonce', () => {
    const { req, headers } = signedRequest('{"a":1}', { nonce: 'n-123' });
    expect(headers['signature-input']).toBe(
      'sig1=("@method" "@authority" "@path" "@query" "content-digest");created=1700000000;keyid="d-1";alg="ed25519";nonce="n-123"',
    );
    const base = buildSignatureBase(REQUEST_COMPONENTS, new Map<string, string | number>([['created', 1700000000], ['keyid', 'd-1'], ['alg', 'ed25519']]), { request: req });
    expect(base.split('\n').slice(0, 5)).toEqual([
      '"@method": POST',
      '"@authority": 127.0.0.1:8443',
      '"@path": /v1/devices/d-1/transactions:batch',
      '"@query": ?x=1',
      `"content-digest": ${contentDigest('{"a":1}')}`,
    ]);
  });

  it('verifies on the server side view of the same request', () => {
    const { keys, headers } = signedRequest('{"a":1}');
    const server = requestPartsFromTarget('POST', '127.0.0.1:8443', '/v1/devices/d-1/transactions:batch?x=1', headers, 'http');
    expect(verifyRequest(server, keys.publicKey).ok).toBe(true);
    expect(verifyRequest({ ...server, query: '?x=2' }, keys.publicKey)).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    const otherDigest = { ...server, headers: { ...headers, 'content-digest': contentDigest('{"a":2}') } };
    expect(verifyRequest(otherDigest, keys.publicKey)).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    expect(verifyRequest(server, generateEd25519KeyPair().publicKey)).toMatchObject({ ok: false, reason: 'signature_mismatch' });
  });

  it('uses "?" for an empty query and "/" for an empty path', () => {
    const req = requestPartsFromUrl('GET', 'http://127.0.0.1:9/v1/ping', { 'content-digest': contentDigest('') });
    const base = buildSignatureBase(REQUEST_COMPONENTS, new Map(), { request: req });
    expect(base).toContain('"@query": ?\n');
    expect(buildSignatureBase([{ name: '@path' }], new Map(), { request: { ...req, path: '' } })).toContain('"@path": /\n');
  });

  it('refuses signatures that leave out a required component or are missing or malformed', () => {
    const keys = generateEd25519KeyPair();
    const req = requestPartsFromUrl('POST', 'http://127.0.0.1:1/x', { 'content-digest': contentDigest('') });
    const partial = signMessage({ components: [{ name: '@method' }], params: new Map([['keyid', 'd']]), message: { request: req }, privateKey: keys.privateKey });
    expect(verifyRequest({ ...req, headers: { ...req.headers, ...partial } }, keys.publicKey)).toMatchObject({ ok: false, reason: 'component_not_covered' });
    expect(verifyRequest(req, keys.publicKey)).toMatchObject({ ok: false, reason: 'signature_missing' });
    const bad = { ...req.headers, 'signature-input': 'sig1=("@method"', signature: 'sig1=:AA==:' };
    expect(verifyRequest({ ...req, headers: bad }, keys.publicKey)).toMatchObject({ ok: false, reason: 'signature_malformed' });
    const otherLabel = { ...req.headers, 'signature-input': partial['signature-input'].replace('sig1', 'sig2'), signature: partial.signature.replace('sig1', 'sig2') };
    expect(verifyRequest({ ...req, headers: otherLabel }, keys.publicKey)).toMatchObject({ ok: false, reason: 'label_missing' });
    const rsa = signMessage({ components: REQUEST_COMPONENTS, params: new Map([['alg', 'rsa-pss-sha512']]), message: { request: req }, privateKey: keys.privateKey });
    expect(verifyRequest({ ...req, headers: { ...req.headers, ...rsa } }, keys.publicKey)).toMatchObject({ ok: false, reason: 'alg_unsupported' });
  });

  it('reports a covered header that the message lacks', () => {
    const { keys, req, headers } = signedRequest('{}');
    const { 'content-digest': _cd, ...rest } = headers;
    expect(verifyRequest({ ...req, headers: rest }, keys.publicKey)).toMatchObject({ ok: false, reason: 'component_absent' });
  });
});

describe('protocol response signatures', () => {
  it('covers @status, content-digest and the request path and digest via ;req', () => {
    const { req } = signedRequest('{"batch_id":"b"}');
    const platform = generateEd25519KeyPair();
    const body = '{"results":[]}';
    const response = { status: 200, headers: { 'content-digest': contentDigest(body) } as Record<string, string> };
    const sig = signResponse(response, req, platform.privateKey, { keyid: 'platform', created: 1700000001 });
    expect(sig['signature-input']).toBe(
      'sig1=("@status" "content-digest" "@path";req "content-digest";req);created=1700000001;keyid="platform";alg="ed25519"',
    );
    const signed = { ...response, headers: { ...response.headers, ...sig } };
    expect(verifyResponse(signed, req, platform.publicKey).ok).toBe(true);
    // A captive portal replaying this response for another request must fail.
    const otherReq = { ...req, headers: { ...req.headers, 'content-digest': contentDigest('{"batch_id":"c"}') } };
    expect(verifyResponse(signed, otherReq, platform.publicKey)).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    expect(verifyResponse({ ...signed, status: 201 }, req, platform.publicKey)).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    expect(verifyResponse(signed, req, platform.publicKey, { keyid: 'someone' })).toMatchObject({ ok: false, reason: 'keyid_mismatch' });
  });
});

describe('keys', () => {
  it('round-trips SPKI base64 (44 bytes DER) and refuses other key types', () => {
    const { publicKey } = generateEd25519KeyPair();
    const b64 = publicKeyToSpkiBase64(publicKey);
    expect(Buffer.from(b64, 'base64')).toHaveLength(44);
    expect(publicKeyFromSpkiBase64(b64).equals(publicKey)).toBe(true);
    expect(publicKeyToSpkiBase64(createPublicKey(TEST_KEY_ED25519_PUBLIC))).toBe('MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=');
    expect(() => publicKeyFromSpkiBase64('AAAA')).toThrow();
  });
});
