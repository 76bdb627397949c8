import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDigest } from '../../../sync/protocol/content-digest';
import { generateEd25519KeyPair, publicKeyToSpkiBase64 } from '../../../sync/protocol/keys';
import { PATHS } from '../../../sync/protocol/wire';
import { appItem, json, rawRequest, startHarness } from './helpers';
import type { Harness, TestDevice } from './helpers';

let h: Harness;
let dev: TestDevice;

beforeAll(async () => {
  h = await startHarness();
  dev = await h.enrol();
});
afterAll(async () => {
  await h.close();
});

function enrolBody(code: string, publicKey = publicKeyToSpkiBase64(generateEd25519KeyPair().publicKey)) {
  return Buffer.from(
    JSON.stringify({
      enrollment_code: code,
      public_key: publicKey,
      station: { region_code: '430121104201', name: '某村' },
      hardware: {},
    }),
  );
}

describe('ping', () => {
  it('answers 204 with Date, unsigned', async () => {
    const r = await rawRequest(h.platform.url, { method: 'GET', path: PATHS.ping });
    expect(r.status).toBe(204);
    expect(Math.abs(Date.parse(r.headers.date!) - Date.now())).toBeLessThan(5000);
  });
});

describe('enrolment', () => {
  it('gives a device id and the platform key for a fresh code, once', async () => {
    const [code] = await h.admin.issueEnrolmentCodes();
    const r = await rawRequest(h.platform.url, { method: 'POST', path: PATHS.enrol, body: enrolBody(code!) });
    expect(r.status).toBe(201);
    const e = json<{ device_id: string; platform_public_key: string; server_time: string }>(r);
    expect(e.platform_public_key).toBe(h.platform.platformPublicKey);
    expect(r.headers.date).toBeTruthy();
    const again = await rawRequest(h.platform.url, { method: 'POST', path: PATHS.enrol, body: enrolBody(code!) });
    expect(again.status).toBe(409);
    expect(json(again)).toEqual({
      error: { code: 'enrollment_code_used', message: expect.any(String), permanent: true },
    });
  });

  it('gives the same device back when the same key retries after a lost answer', async () => {
    const [code] = await h.admin.issueEnrolmentCodes();
    const pk = publicKeyToSpkiBase64(generateEd25519KeyPair().publicKey);
    const a = json<{ device_id: string }>(
      await rawRequest(h.platform.url, { method: 'POST', path: PATHS.enrol, body: enrolBody(code!, pk) }),
    );
    const b = await rawRequest(h.platform.url, {
      method: 'POST',
      path: PATHS.enrol,
      body: enrolBody(code!.toLowerCase(), pk),
    });
    expect(b.status).toBe(201);
    expect(json<{ device_id: string }>(b).device_id).toBe(a.device_id);
  });

  it('answers 404 for unknown codes and 400 for bad bodies', async () => {
    expect(
      (await rawRequest(h.platform.url, { method: 'POST', path: PATHS.enrol, body: enrolBody('NOPE-NOPE') })).status,
    ).toBe(404);
    const [code] = await h.admin.issueEnrolmentCodes();
    const badKey = await rawRequest(h.platform.url, {
      method: 'POST',
      path: PATHS.enrol,
      body: enrolBody(code!, 'A'.repeat(60)),
    });
    expect(badKey.status).toBe(400);
    const badRegion = Buffer.from(
      JSON.stringify({ enrollment_code: code, public_key: 'x', station: { region_code: '43', name: 'x' } }),
    );
    expect((await rawRequest(h.platform.url, { method: 'POST', path: PATHS.enrol, body: badRegion })).status).toBe(400);
  });
});

describe('request signatures', () => {
  const batchBody = () => ({ batch_id: randomUUID(), items: [appItem(1)] });

  it('answers 401 signature_invalid without a signature', async () => {
    const body = Buffer.from(JSON.stringify(batchBody()));
    const r = await rawRequest(h.platform.url, {
      method: 'POST',
      path: PATHS.batch(dev.deviceId),
      body,
      headers: { 'content-digest': contentDigest(body) },
    });
    expect(r.status).toBe(401);
    expect(json<{ error: { code: string } }>(r).error.code).toBe('signature_invalid');
  });

  it('answers 401 signature_invalid for a changed body, digest, path or key', async () => {
    const cases = [
      (hd: Record<string, string>, b: Buffer | undefined) => ({
        headers: hd,
        body: Buffer.from(b!.toString().replace('"seq":1', '"seq":2')),
      }),
      (hd: Record<string, string>, b: Buffer | undefined) => ({
        headers: { ...hd, 'content-digest': contentDigest('{}') },
        body: b,
      }),
      (hd: Record<string, string>, b: Buffer | undefined) => ({
        headers: { ...hd, signature: hd.signature!.replace(/:(.)/, ':A') },
        body: b,
      }),
    ];
    for (const tamper of cases) {
      const r = await dev.send('POST', PATHS.batch(dev.deviceId), { body: batchBody(), tamper });
      expect(r.status).toBe(401);
      expect(json<{ error: { code: string } }>(r).error.code).toBe('signature_invalid');
    }
    const other = generateEd25519KeyPair();
    const saved = dev.privateKey;
    dev.privateKey = other.privateKey;
    const wrongKey = await dev.send('POST', PATHS.batch(dev.deviceId), { body: batchBody() });
    dev.privateKey = saved;
    expect(wrongKey.status).toBe(401);
    expect(await h.admin.listTransactions({ device_id: dev.deviceId })).toHaveLength(0);
  });

  it('answers 401 device_unknown for an unknown keyid and 403 device_mismatch for another device path', async () => {
    const r = await dev.send('POST', PATHS.batch('nobody'), { body: batchBody(), keyid: 'nobody' });
    expect(r.status).toBe(401);
    expect(json<{ error: { code: string } }>(r).error.code).toBe('device_unknown');
    const other = await h.enrol();
    const m = await dev.send('POST', PATHS.batch(other.deviceId), { body: batchBody() });
    expect(m.status).toBe(403);
    expect(json<{ error: { code: string } }>(m).error.code).toBe('device_mismatch');
  });

  it('signs error answers too, and answers 403 device_revoked after revocation', async () => {
    const victim = await h.enrol();
    expect((await victim.batch([appItem(1)])).status).toBe(200);
    await h.admin.revokeDevice(victim.deviceId);
    const r = await victim.batch([appItem(2)]);
    expect(r.status).toBe(403);
    expect(json<{ error: { code: string; permanent: boolean } }>(r).error).toMatchObject({
      code: 'device_revoked',
      permanent: true,
    });
    expect(r.check).toEqual({ ok: true });
  });

  it('logs but never refuses a far-off created time (dead RTC)', async () => {
    const before = (await h.admin.stats()).skewed_requests;
    const url = new URL(PATHS.changes(dev.deviceId), h.platform.url);
    const { signOutgoingRequest } = await import('../../../sync/protocol/signed-request');
    const headers = signOutgoingRequest({
      method: 'GET',
      url,
      privateKey: dev.privateKey,
      keyid: dev.deviceId,
      created: 946684800,
    });
    const r = await rawRequest(h.platform.url, { method: 'GET', path: url.pathname, headers });
    expect(r.status).toBe(200);
    expect((await h.admin.stats()).skewed_requests).toBe(before + 1);
    const devices = await h.admin.listDevices();
    expect(devices.find((d) => d.device_id === dev.deviceId)!.last_created_skew_s).toBeLessThan(-700_000_000);
  });

  it('rotates a key only with a fresh single-use nonce', async () => {
    const d = await h.enrol();
    const next = generateEd25519KeyPair();
    const body = { public_key: publicKeyToSpkiBase64(next.publicKey) };
    const noNonce = await d.send('POST', PATHS.rotateKey(d.deviceId), { body });
    expect(noNonce.status).toBe(401);
    expect(json<{ error: { code: string } }>(noNonce).error.code).toBe('nonce_invalid');
    const n = await d.send('GET', PATHS.nonce(d.deviceId));
    expect(n.status).toBe(200);
    expect(n.check).toEqual({ ok: true });
    const { nonce } = json<{ nonce: string }>(n);
    const ok = await d.send('POST', PATHS.rotateKey(d.deviceId), { body, nonce });
    expect(ok.status).toBe(200);
    d.privateKey = next.privateKey;
    expect((await d.batch([appItem(1)])).status).toBe(200);
    const replay = await d.send('POST', PATHS.rotateKey(d.deviceId), { body, nonce });
    expect(replay.status).toBe(401);
  });
});

describe('admin API', () => {
  it('wants the token', async () => {
    const r = await rawRequest(h.platform.url, { method: 'GET', path: '/admin/stats' });
    expect(r.status).toBe(401);
    const w = await rawRequest(h.platform.url, {
      method: 'GET',
      path: '/admin/stats',
      headers: { authorization: 'Bearer nope' },
    });
    expect(w.status).toBe(401);
  });

  it('answers 404 and 405 with error bodies', async () => {
    const r = await rawRequest(h.platform.url, { method: 'GET', path: '/v1/nothing' });
    expect(r.status).toBe(404);
    expect(json<{ error: { code: string } }>(r).error.code).toBe('not_found');
    const m = await rawRequest(h.platform.url, { method: 'DELETE', path: PATHS.ping });
    expect(m.status).toBe(405);
  });
});
