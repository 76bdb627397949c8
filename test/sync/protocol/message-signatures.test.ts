import { createPrivateKey, createPublicKey, verify as edOrEcVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentDigest } from '../../../sync/protocol/content-digest';
import { generateEd25519KeyPair, publicKeyFromSpkiBase64, publicKeyToSpkiBase64 } from '../../../sync/protocol/keys';
import {
  buildSignatureBase,
  ENROLMENT_RESPONSE_COMPONENTS,
  parseSignatureHeaders,
  REQUEST_COMPONENTS,
  RESPONSE_COMPONENTS_V1_0,
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
const TEST_KEY_ED25519_PRIVATE =
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n';
const TEST_KEY_ED25519_PUBLIC =
  '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n-----END PUBLIC KEY-----\n';

// RFC 9421 Appendix B.2 test request.
const B2_REQUEST: RequestParts = requestPartsFromTarget('POST', 'example.com', '/foo?param=Value&Pet=dog', {
  Host: 'example.com',
  Date: 'Tue, 20 Apr 2021 02:07:55 GMT',
  'Content-Type': 'application/json',
  'Content-Digest':
    'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
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
const B26_INPUT =
  'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"';
const B26_SIGNATURE =
  'sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:';
const B26_COMPONENTS = ['date', '@method', '@path', '@authority', 'content-type', 'content-length'].map((name) => ({
  name,
}));

describe('RFC 9421 Appendix B.2.6 (ed25519)', () => {
  it('builds the published signature base and signature byte for byte', () => {
    const params = new Map<string, number | string>([
      ['created', 1618884473],
      ['keyid', 'test-key-ed25519'],
    ]);
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
    expect(verifyParsedSignature(parsed.signature, { request: tampered }, pub, [])).toMatchObject({
      ok: false,
      reason: 'signature_mismatch',
    });
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
    const base = buildSignatureBase(
      REQUEST_COMPONENTS,
      new Map<string, string | number>([
        ['created', 1700000000],
        ['keyid', 'd-1'],
        ['alg', 'ed25519'],
      ]),
      { request: req },
    );
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
    const server = requestPartsFromTarget(
      'POST',
      '127.0.0.1:8443',
      '/v1/devices/d-1/transactions:batch?x=1',
      headers,
      'http',
    );
    expect(verifyRequest(server, keys.publicKey).ok).toBe(true);
    expect(verifyRequest({ ...server, query: '?x=2' }, keys.publicKey)).toMatchObject({
      ok: false,
      reason: 'signature_mismatch',
    });
    const absolute = requestPartsFromTarget(
      'POST',
      '127.0.0.1:8443',
      'http://127.0.0.1:8443/v1/devices/d-1/transactions:batch?x=1',
      headers,
      'http',
    );
    expect(verifyRequest(absolute, keys.publicKey).ok).toBe(true);
    const defaultPort = requestPartsFromTarget('GET', 'Example.COM:443', '/', {}, 'https');
    expect(defaultPort.authority).toBe('example.com');
    const otherDigest = { ...server, headers: { ...headers, 'content-digest': contentDigest('{"a":2}') } };
    expect(verifyRequest(otherDigest, keys.publicKey)).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    expect(verifyRequest(server, generateEd25519KeyPair().publicKey)).toMatchObject({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it('uses "?" for an empty query and "/" for an empty path', () => {
    const req = requestPartsFromUrl('GET', 'http://127.0.0.1:9/v1/ping', { 'content-digest': contentDigest('') });
    const base = buildSignatureBase(REQUEST_COMPONENTS, new Map(), { request: req });
    expect(base).toContain('"@query": ?\n');
    expect(buildSignatureBase([{ name: '@path' }], new Map(), { request: { ...req, path: '' } })).toContain(
      '"@path": /\n',
    );
  });

  it('refuses signatures that leave out a required component or are missing or malformed', () => {
    const keys = generateEd25519KeyPair();
    const req = requestPartsFromUrl('POST', 'http://127.0.0.1:1/x', { 'content-digest': contentDigest('') });
    const partial = signMessage({
      components: [{ name: '@method' }],
      params: new Map([['keyid', 'd']]),
      message: { request: req },
      privateKey: keys.privateKey,
    });
    expect(verifyRequest({ ...req, headers: { ...req.headers, ...partial } }, keys.publicKey)).toMatchObject({
      ok: false,
      reason: 'component_not_covered',
    });
    expect(verifyRequest(req, keys.publicKey)).toMatchObject({ ok: false, reason: 'signature_missing' });
    const bad = { ...req.headers, 'signature-input': 'sig1=("@method"', signature: 'sig1=:AA==:' };
    expect(verifyRequest({ ...req, headers: bad }, keys.publicKey)).toMatchObject({
      ok: false,
      reason: 'signature_malformed',
    });
    const otherLabel = {
      ...req.headers,
      'signature-input': partial['signature-input'].replace('sig1', 'sig2'),
      signature: partial.signature.replace('sig1', 'sig2'),
    };
    expect(verifyRequest({ ...req, headers: otherLabel }, keys.publicKey)).toMatchObject({
      ok: false,
      reason: 'label_missing',
    });
    const rsa = signMessage({
      components: REQUEST_COMPONENTS,
      params: new Map([['alg', 'rsa-pss-sha512']]),
      message: { request: req },
      privateKey: keys.privateKey,
    });
    expect(verifyRequest({ ...req, headers: { ...req.headers, ...rsa } }, keys.publicKey)).toMatchObject({
      ok: false,
      reason: 'alg_unsupported',
    });
  });

  it('reports a covered header that the message lacks', () => {
    const { keys, req, headers } = signedRequest('{}');
    const { 'content-digest': _cd, ...rest } = headers;
    expect(verifyRequest({ ...req, headers: rest }, keys.publicKey)).toMatchObject({
      ok: false,
      reason: 'component_absent',
    });
  });
});

describe('protocol 1.1 response signatures', () => {
  it("cover @status, content-digest and the request's @path, @query, content-digest and sig1 signature, in that order", () => {
    const { req } = signedRequest('{"batch_id":"b"}');
    const platform = generateEd25519KeyPair();
    const body = '{"results":[]}';
    const response = { status: 200, headers: { 'content-digest': contentDigest(body) } as Record<string, string> };
    const sig = signResponse(response, req, platform.privateKey, { keyid: 'platform', created: 1700000001 });
    expect(sig['signature-input']).toBe(
      'sig1=("@status" "content-digest" "@path";req "@query";req "content-digest";req "signature";req;key="sig1");created=1700000001;keyid="platform";alg="ed25519"',
    );
    const signed = { ...response, headers: { ...response.headers, ...sig } };
    const ok = verifyResponse(signed, req, platform.publicKey);
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.signature.created).toBe(1700000001);
    // A captive portal replaying this response for another request must fail.
    const otherReq = { ...req, headers: { ...req.headers, 'content-digest': contentDigest('{"batch_id":"c"}') } };
    expect(verifyResponse(signed, otherReq, platform.publicKey)).toMatchObject({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(verifyResponse({ ...signed, status: 201 }, req, platform.publicKey)).toMatchObject({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(verifyResponse(signed, req, platform.publicKey, { keyid: 'someone' })).toMatchObject({
      ok: false,
      reason: 'keyid_mismatch',
    });
  });

  it('bind the answer to the query and to the very request signature it answers', () => {
    const keys = generateEd25519KeyPair();
    const platform = generateEd25519KeyPair();
    const mk = (query: string, created: number): RequestParts => {
      const headers: Record<string, string> = { 'content-digest': contentDigest('') };
      const parts = requestPartsFromUrl('GET', `http://127.0.0.1:8080/v1/devices/d1/changes${query}`, headers);
      Object.assign(headers, signRequest(parts, keys.privateKey, { keyid: 'd1', created }));
      return parts;
    };
    const first = mk('?cursor=AAA&limit=200', 1700000000);
    const response = {
      status: 200,
      headers: { 'content-digest': contentDigest('{"changes":[]}') } as Record<string, string>,
    };
    const signed = {
      ...response,
      headers: { ...response.headers, ...signResponse(response, first, platform.privateKey, { keyid: 'platform' }) },
    };
    expect(verifyResponse(signed, first, platform.publicKey).ok).toBe(true);
    // Same path and body digest, later cursor: 1.0 coverage would accept this replay, 1.1 must not.
    const later = mk('?cursor=BBB&limit=200', 1700000000);
    expect(verifyResponse(signed, later, platform.publicKey, { required: RESPONSE_COMPONENTS_V1_0 })).toMatchObject({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(verifyResponse(signed, later, platform.publicKey)).toMatchObject({
      ok: false,
      reason: 'signature_mismatch',
    });
    // Same request re-signed a second later (a resend): the old answer does not fit the new signature.
    const again = mk('?cursor=AAA&limit=200', 1700000001);
    expect(verifyResponse(signed, again, platform.publicKey)).toMatchObject({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it('refuse a signature that leaves out a 1.1 component, and the enrolment set is the first four', () => {
    const { req } = signedRequest('{}');
    const platform = generateEd25519KeyPair();
    const response = { status: 200, headers: { 'content-digest': contentDigest('{}') } as Record<string, string> };
    const v10 = signMessage({
      components: RESPONSE_COMPONENTS_V1_0,
      params: new Map<string, string | number>([['keyid', 'platform']]),
      message: { request: req, response },
      privateKey: platform.privateKey,
    });
    const signed = {
      ...response,
      headers: { ...response.headers, 'signature-input': v10['signature-input'], signature: v10.signature },
    };
    expect(verifyResponse(signed, req, platform.publicKey)).toMatchObject({
      ok: false,
      reason: 'component_not_covered',
    });
    expect(verifyResponse(signed, req, platform.publicKey, { required: RESPONSE_COMPONENTS_V1_0 }).ok).toBe(true);
    expect(ENROLMENT_RESPONSE_COMPONENTS).toEqual([
      { name: '@status' },
      { name: 'content-digest' },
      { name: '@path', req: true },
      { name: '@query', req: true },
    ]);
  });

  it('a 1.1 signature satisfies a 1.0 verifier (the platform serves 1.0 terminals by tolerance)', () => {
    const { req } = signedRequest('{"batch_id":"b"}');
    const platform = generateEd25519KeyPair();
    const response = { status: 200, headers: { 'content-digest': contentDigest('{}') } as Record<string, string> };
    const signed = {
      ...response,
      headers: { ...response.headers, ...signResponse(response, req, platform.privateKey, { keyid: 'platform' }) },
    };
    expect(verifyResponse(signed, req, platform.publicKey, { required: RESPONSE_COMPONENTS_V1_0 }).ok).toBe(true);
  });

  it('reads component parameters in the sender\'s order (;key="sig1";req) and refuses unknown ones', () => {
    const { req } = signedRequest('{}');
    const platform = generateEd25519KeyPair();
    const response = { status: 200, headers: { 'content-digest': contentDigest('{}') } as Record<string, string> };
    const components = [
      { name: '@status' },
      {
        name: 'signature',
        receivedParams: new Map<string, string | boolean>([
          ['key', 'sig1'],
          ['req', true],
        ]),
        req: true,
        key: 'sig1',
      },
    ];
    const signed = signMessage({
      components,
      params: new Map([['keyid', 'platform']]),
      message: { request: req, response },
      privateKey: platform.privateKey,
    });
    expect(signed['signature-input']).toBe('sig1=("@status" "signature";key="sig1";req);keyid="platform"');
    const parsed = parseSignatureHeaders({ ...response.headers, ...signed });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.signature.components[1]).toMatchObject({ name: 'signature', req: true, key: 'sig1' });
      expect(
        verifyParsedSignature(parsed.signature, { request: req, response }, platform.publicKey, [
          { name: 'signature', req: true, key: 'sig1' },
        ]).ok,
      ).toBe(true);
    }
    const odd = parseSignatureHeaders({
      'signature-input': 'sig1=("signature";req;bs);keyid="platform"',
      signature: signed.signature,
    });
    expect(odd).toMatchObject({ ok: false, reason: 'signature_malformed' });
    // A key naming a member the request's Signature does not have cannot make a base.
    const missing = signMessage({
      components: [{ name: '@status' }],
      params: new Map(),
      message: { request: req, response },
      privateKey: platform.privateKey,
    });
    const bad = {
      ...response.headers,
      'signature-input': 'sig1=("@status" "signature";req;key="sig9")',
      signature: missing.signature,
    };
    const p2 = parseSignatureHeaders(bad);
    expect(
      p2.ok &&
        verifyParsedSignature(
          p2.signature,
          { request: req, response: { ...response, headers: bad } },
          platform.publicKey,
          [],
        ),
    ).toMatchObject({ ok: false, reason: 'component_absent' });
  });
});

// RFC 9421 §2.4 (request-response binding). The published response signatures are ECDSA P-256
// (non-deterministic), so the test checks our signature bases byte for byte and that the RFC's own
// signature values verify over them with test-key-ecc-p256 (Appendix B.1.3).
const TEST_KEY_ECC_P256_PUBLIC =
  '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lf\nw0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==\n-----END PUBLIC KEY-----\n';
const S24_REQUEST_SIGNATURE =
  'sig1=:LAH8BjcfcOcLojiuOBFWn0P5keD3xAOuJRGziCLuD8r5MW9S0RoXXLzLSRfGY/3SF8kVIkHjE13SEFdTo4Af/fJ/Pu9wheqoLVdwXyY/UkBIS1M8Brc8IODsn5DFIrG0IrburbLi0uCc+E2ZIIb6HbUJ+o+jP58JelMTe0QE3IpWINTEzpxjqDf5/Df+InHCAkQCTuKsamjWXUpyOT1Wkxi7YPVNOjW4MfNuTZ9HdbD2Tr65+BXeTG9ZS/9SWuXAc+BZ8WyPz0QRz//ec3uWXd7bYYODSjRAxHqX+S1ag3LZElYyUKaAIjZ8MGOt4gXEwCSLDv/zqxZeWLj/PDkn6w==:';
const S24_REQUEST: RequestParts = {
  ...B2_REQUEST,
  headers: {
    ...B2_REQUEST.headers,
    'Signature-Input':
      'sig1=("@method" "@authority" "@path" "content-digest" "content-length" "content-type");created=1618884475;keyid="test-key-rsa-pss"',
    // As printed in the RFC, with two spaces after the colon: field values are trimmed.
    Signature: ` ${S24_REQUEST_SIGNATURE}`,
  },
};

function rfcEcdsaVerifies(base: string, signatureField: string): boolean {
  const parsed = parseSignatureHeaders(
    { 'signature-input': 'reqres=("@status");keyid="x"', signature: signatureField },
    'reqres',
  );
  if (!parsed.ok) return false;
  return edOrEcVerify(
    'sha256',
    Buffer.from(base),
    { key: createPublicKey(TEST_KEY_ECC_P256_PUBLIC), dsaEncoding: 'ieee-p1363' },
    parsed.signature.signature,
  );
}

describe('RFC 9421 §2.4 request-response signatures', () => {
  it('first example: "@status" "content-digest" "content-type" and ;req components', () => {
    const input =
      'reqres=("@status" "content-digest" "content-type" "@authority";req "@method";req "@path";req "content-digest";req);created=1618884479;keyid="test-key-ecc-p256"';
    const signature =
      'reqres=:dMT/A/76ehrdBTD/2Xx8QuKV6FoyzEP/I9hdzKN8LQJLNgzU4W767HK05rx1i8meNQQgQPgQp8wq2ive3tV5Ag==:';
    const response = {
      status: 503,
      headers: {
        Date: 'Tue, 20 Apr 2021 02:07:56 GMT',
        'Content-Type': 'application/json',
        'Content-Length': '62',
        'Content-Digest':
          'sha-512=:0Y6iCBzGg5rZtoXS95Ijz03mslf6KAMCloESHObfwnHJDbkkWWQz6PhhU9kxsTbARtY2PTBOzq24uJFpHsMuAg==:',
        'Signature-Input': input,
        Signature: signature,
      },
    };
    const parsed = parseSignatureHeaders(response.headers, 'reqres');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const base = buildSignatureBase(parsed.signature.components, parsed.signature.params, {
      request: B2_REQUEST,
      response,
    });
    expect(base).toBe(
      [
        '"@status": 503',
        '"content-digest": sha-512=:0Y6iCBzGg5rZtoXS95Ijz03mslf6KAMCloESHObfwnHJDbkkWWQz6PhhU9kxsTbARtY2PTBOzq24uJFpHsMuAg==:',
        '"content-type": application/json',
        '"@authority";req: example.com',
        '"@method";req: POST',
        '"@path";req: /foo',
        '"content-digest";req: sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
        '"@signature-params": ("@status" "content-digest" "content-type" "@authority";req "@method";req "@path";req "content-digest";req);created=1618884479;keyid="test-key-ecc-p256"',
      ].join('\n'),
    );
    expect(rfcEcdsaVerifies(base, signature)).toBe(true);
    expect(rfcEcdsaVerifies(base.replace('503', '200'), signature)).toBe(false);
  });

  it('second example: the request\'s own signature covered as "signature";req;key="sig1"', () => {
    const input =
      'reqres=("@status" "content-length" "content-type" "signature";req;key="sig1" "@authority";req "@method";req);created=1618884479;keyid="test-key-ecc-p256"';
    const signature =
      'reqres=:mh17P4TbYYBmBwsXPT4nsyVzW4Rp9Fb8WcvnfqKCQLoMvzOBLD/n32tL/GPW6XE5GAS5bdsg1khK6lBzV1Cx/Q==:';
    const response = {
      status: 503,
      headers: {
        Date: 'Tue, 20 Apr 2021 02:07:56 GMT',
        'Content-Type': 'application/json',
        'Content-Length': '62',
        'Signature-Input': input,
        Signature: signature,
      },
    };
    const parsed = parseSignatureHeaders(response.headers, 'reqres');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const base = buildSignatureBase(parsed.signature.components, parsed.signature.params, {
      request: S24_REQUEST,
      response,
    });
    expect(base).toBe(
      [
        '"@status": 503',
        '"content-length": 62',
        '"content-type": application/json',
        `"signature";req;key="sig1": ${S24_REQUEST_SIGNATURE.slice('sig1='.length)}`,
        '"@authority";req: example.com',
        '"@method";req: POST',
        '"@signature-params": ("@status" "content-length" "content-type" "signature";req;key="sig1" "@authority";req "@method";req);created=1618884479;keyid="test-key-ecc-p256"',
      ].join('\n'),
    );
    expect(rfcEcdsaVerifies(base, signature)).toBe(true);
    // Another request signature (a replay onto a later request) gives another base.
    const other = {
      ...S24_REQUEST,
      headers: { ...S24_REQUEST.headers, Signature: S24_REQUEST_SIGNATURE.replace('LAH8', 'LAH9') },
    };
    expect(
      rfcEcdsaVerifies(
        buildSignatureBase(parsed.signature.components, parsed.signature.params, { request: other, response }),
        signature,
      ),
    ).toBe(false);
  });
});

describe('keys', () => {
  it('round-trips SPKI base64 (44 bytes DER) and refuses other key types', () => {
    const { publicKey } = generateEd25519KeyPair();
    const b64 = publicKeyToSpkiBase64(publicKey);
    expect(Buffer.from(b64, 'base64')).toHaveLength(44);
    expect(publicKeyFromSpkiBase64(b64).equals(publicKey)).toBe(true);
    expect(publicKeyToSpkiBase64(createPublicKey(TEST_KEY_ED25519_PUBLIC))).toBe(
      'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=',
    );
    expect(() => publicKeyFromSpkiBase64('AAAA')).toThrow();
  });
});
