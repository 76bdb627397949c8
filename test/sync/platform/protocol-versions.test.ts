// The reference platform speaks 1.1 and keeps answering 1.0 terminals by tolerance: its 1.1
// response signature covers everything a 1.0 terminal requires. The enrolment answer is signed
// over the first four 1.1 components.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateEd25519KeyPair,
  publicKeyFromSpkiBase64,
  publicKeySha256Hex,
  publicKeyToSpkiBase64,
} from '../../../sync/protocol/keys';
import { RESPONSE_COMPONENTS_V1_0 } from '../../../sync/protocol/message-signatures';
import {
  checkEnrolmentResponse,
  checkPlatformResponse,
  signOutgoingRequest,
} from '../../../sync/protocol/signed-request';
import { PATHS } from '../../../sync/protocol/wire';
import type { BatchResponse, ChangesPage } from '../../../sync/protocol/wire';
import { appItem, json, rawRequest, startHarness } from './helpers';
import type { Harness } from './helpers';

describe('protocol versions on the reference platform', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('signs the enrolment answer over "@status" "content-digest" "@path";req "@query";req with the platform key', async () => {
    // The county's code sheet carries the key hash to pin.
    const issued = (await fetch(`${h.platform.url}/admin/enrollment-codes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.platform.adminToken}`, 'content-type': 'application/json' },
      body: '{}',
    }).then((x) => x.json())) as { codes: string[]; platform_key_sha256: string };
    expect(issued.platform_key_sha256).toBe(publicKeySha256Hex(h.platform.platformPublicKey));
    const code = issued.codes[0];
    const keys = generateEd25519KeyPair();
    const url = new URL(PATHS.enrol, h.platform.url);
    const requestHeaders = { 'content-type': 'application/json' };
    const body = Buffer.from(
      JSON.stringify({
        enrollment_code: code,
        public_key: publicKeyToSpkiBase64(keys.publicKey),
        station: { region_code: '430121104201', name: '测试村便民服务站' },
        hardware: {},
      }),
    );
    const r = await rawRequest(h.platform.url, { method: 'POST', path: PATHS.enrol, headers: requestHeaders, body });
    expect(r.status).toBe(201);
    expect(r.headers['signature-input']).toMatch(
      /^sig1=\("@status" "content-digest" "@path";req "@query";req\);created=\d+;keyid="platform";alg="ed25519"$/,
    );
    const offered = json<{ platform_public_key: string }>(r).platform_public_key;
    const args = {
      method: 'POST',
      url,
      requestHeaders,
      status: r.status,
      responseHeaders: r.headers,
      rawBody: r.raw,
      offeredKeySpki: offered,
    };
    expect(
      checkEnrolmentResponse({ ...args, pinnedKeySha256: publicKeySha256Hex(h.platform.platformPublicKey) }).ok,
    ).toBe(true);
    expect(checkEnrolmentResponse({ ...args, pinnedKeySha256: '0'.repeat(64) })).toMatchObject({
      ok: false,
      reason: 'platform_key_mismatch',
    });
    expect(
      checkEnrolmentResponse({ ...args, status: 200, pinnedKeySha256: publicKeySha256Hex(offered) }),
    ).toMatchObject({ ok: false, reason: 'response_unverifiable' });
    // Stale against a platform-time estimate ten minutes ahead.
    expect(
      checkEnrolmentResponse({ ...args, pinnedKeySha256: null, platformNowMs: Date.now() + 600_000 }),
    ).toMatchObject({ ok: false, reason: 'response_unverifiable', detail: 'created_stale' });
  });

  it('a 1.0-style terminal (unpinned enrolment, 1.0 response coverage) enrols, uploads and downloads', async () => {
    // Enrol exactly as 1.0 did: the answer's signature is not looked at.
    const [code] = await h.admin.issueEnrolmentCodes({ count: 1 });
    const keys = generateEd25519KeyPair();
    const e = await rawRequest(h.platform.url, {
      method: 'POST',
      path: PATHS.enrol,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(
        JSON.stringify({
          enrollment_code: code,
          public_key: publicKeyToSpkiBase64(keys.publicKey),
          station: { region_code: '430121104201', name: '老版本村便民服务站' },
          hardware: {},
        }),
      ),
    });
    expect(e.status).toBe(201);
    const { device_id: deviceId, platform_public_key: pk } = json<{ device_id: string; platform_public_key: string }>(
      e,
    );
    const platformKey = publicKeyFromSpkiBase64(pk);

    const send = async (method: string, path: string, body?: Buffer) => {
      const url = new URL(path, h.platform.url);
      const headers = signOutgoingRequest({
        method,
        url,
        body,
        headers: body ? { 'content-type': 'application/json' } : {},
        privateKey: keys.privateKey,
        keyid: deviceId,
      });
      const r = await rawRequest(h.platform.url, { method, path, headers, body });
      const v10 = checkPlatformResponse({
        method,
        url,
        requestHeaders: headers,
        status: r.status,
        responseHeaders: r.headers,
        rawBody: r.raw,
        platformPublicKey: platformKey,
        required: RESPONSE_COMPONENTS_V1_0,
      });
      const v11 = checkPlatformResponse({
        method,
        url,
        requestHeaders: headers,
        status: r.status,
        responseHeaders: r.headers,
        rawBody: r.raw,
        platformPublicKey: platformKey,
      });
      return { r, v10, v11 };
    };

    const item = appItem(1);
    const b = await send(
      'POST',
      PATHS.batch(deviceId),
      Buffer.from(JSON.stringify({ batch_id: randomUUID(), items: [item] })),
    );
    expect(b.r.status).toBe(200);
    expect(b.v10).toEqual({ ok: true });
    expect(b.v11).toEqual({ ok: true });
    expect(json<BatchResponse>(b.r).results[0]).toMatchObject({ status: 'applied' });

    const c = await send('GET', `${PATHS.changes(deviceId)}?limit=5`);
    expect(c.r.status).toBe(200);
    expect(c.v10).toEqual({ ok: true });
    expect(json<ChangesPage>(c.r).changes.length).toBe(5);

    // Errors to a 1.0 terminal's signed requests are signed as before.
    const missing = await send('GET', `${PATHS.changes(deviceId)}?cursor=not-a-cursor`);
    expect(missing.r.status).toBe(410);
    expect(missing.v10).toEqual({ ok: true });
  });

  it('leaves answers to requests it cannot bind to (no sig1 signature) unsigned', async () => {
    const r = await rawRequest(h.platform.url, {
      method: 'GET',
      path: `${PATHS.changes('d-x')}?limit=1`,
      headers: { 'content-digest': 'sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:' },
    });
    expect(r.status).toBe(401);
    expect(r.headers.signature).toBeUndefined();
  });
});
