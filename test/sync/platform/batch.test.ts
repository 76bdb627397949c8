import { createHash, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, payloadSha256, sha256Hex } from '../../../sync/protocol/jcs';
import { PATHS } from '../../../sync/protocol/wire';
import { gzipSync } from 'node:zlib';
import { appItem, json, startHarness, ylrzPayload } from './helpers';
import type { Harness, TestDevice } from './helpers';

let h: Harness;
let dev: TestDevice;

beforeEach(async () => {
  h = await startHarness();
  dev = await h.enrol();
});
afterEach(async () => {
  await h.close();
});

describe('batch upload', () => {
  it('applies items with acceptance numbers, signs the answer and stores the dedup record', async () => {
    const items = [appItem(1), appItem(2), appItem(3)];
    const r = await dev.batch(items);
    expect(r.status).toBe(200);
    expect(r.check).toEqual({ ok: true });
    expect(r.headers.date).toBeTruthy();
    expect(r.result.results.map((x) => [x.seq, x.tx_id, x.status])).toEqual(
      items.map((i) => [i.seq, i.tx_id, 'applied']),
    );
    expect(r.result.results.every((x) => /^SL\d{8}\d{8}$/.test(x.server_ref ?? ''))).toBe(true);
    expect(new Set(r.result.results.map((x) => x.server_ref)).size).toBe(3);
    expect(r.result.applied_through_seq).toBe(3);
    expect(Math.abs(Date.parse(r.result.server_time) - Date.now())).toBeLessThan(5000);
    const txs = await h.admin.listTransactions({ device_id: dev.deviceId });
    expect(txs.map((t) => [t.tx_id, t.seq, t.payload_sha256, t.server_ref])).toEqual(
      items.map((i, k) => [i.tx_id, i.seq, i.payload_sha256, r.result.results[k]!.server_ref]),
    );
    expect(txs[0]!.clock_offset_ms).toBe(-1520);
  });

  it('answers duplicate with the original server_ref, also after a platform restart', async () => {
    const items = [appItem(1), appItem(2)];
    const first = await dev.batch(items, { batchId: 'b-1' });
    await h.restart();
    const again = await dev.batch(items, { batchId: 'b-1' });
    expect(again.check).toEqual({ ok: true });
    expect(again.result.results.map((x) => x.status)).toEqual(['duplicate', 'duplicate']);
    expect(again.result.results.map((x) => x.server_ref)).toEqual(first.result.results.map((x) => x.server_ref));
    expect(await h.admin.listTransactions({ device_id: dev.deviceId })).toHaveLength(2);
  });

  it('rejects a known tx_id with a different payload as payload_mismatch', async () => {
    const item = appItem(1);
    await dev.batch([item]);
    const changedPayload = ylrzPayload({ residence_status: 'care_home' });
    const r = await dev.batch([{ ...item, payload: changedPayload, payload_sha256: payloadSha256(changedPayload) }]);
    expect(r.result.results[0]).toMatchObject({ status: 'rejected', code: 'payload_mismatch' });
  });

  it('rejects per item and carries on with the rest', async () => {
    const bad = (p: Record<string, unknown>) => appItem(0, { payload: p, payload_sha256: payloadSha256(p) });
    const items = [
      appItem(1, { service_code: 'NO-SUCH' }),
      { ...bad(ylrzPayload({ applicant_name: '' })), seq: 2 },
      { ...bad(ylrzPayload({ applicant_id_number: '430121194501010021' })), seq: 3 },
      { ...bad(ylrzPayload({ residence_status: 'moon' })), seq: 4 },
      { ...bad(ylrzPayload({ applicant_name: 'Bob1' })), seq: 5 },
      appItem(6, { payload_sha256: 'a'.repeat(64) }),
      appItem(7),
      { seq: 8, tx_id: randomUUID(), kind: 'application' } as never,
      appItem(9, {
        kind: 'evaluation',
        service_code: null,
        payload: { rating: 9 },
        payload_sha256: payloadSha256({ rating: 9 }),
        depends_on: 'x',
      }),
    ];
    const r = await dev.batch(items);
    expect(r.result.results.map((x) => [x.seq, x.status, x.code])).toEqual([
      [1, 'rejected', 'service_unknown'],
      [2, 'rejected', 'validation_failed'],
      [3, 'rejected', 'validation_failed'],
      [4, 'rejected', 'validation_failed'],
      [5, 'rejected', 'validation_failed'],
      [6, 'rejected', 'payload_hash_invalid'],
      [7, 'applied', null],
      [8, 'rejected', 'validation_failed'],
      [9, 'rejected', 'validation_failed'],
    ]);
    // Messages name fields, never the villager's values.
    expect(r.result.results[2]!.message).toContain('applicant_id_number');
    expect(r.result.results[2]!.message).not.toContain('430121194501010021');
    expect(r.result.applied_through_seq).toBe(9);
  });

  it('rejects catalog_outdated when the service demands a newer catalogue, and for withdrawn services', async () => {
    const seed = JSON.parse(
      JSON.stringify(await import('../../../seed/catalog.json', { with: { type: 'json' } }).then((m) => m.default)),
    ) as {
      format: 'cunzhan-catalog/1';
      services: Array<Record<string, unknown>>;
      forms: unknown[];
    };
    const yl = seed.services.find((s) => s.code === 'YL-RZ')!;
    const hj = seed.services.find((s) => s.code === 'HJ-ZM')!;
    Object.assign(yl, { version: 3, min_version: 2 });
    Object.assign(hj, { version: 2, active: false });
    await h.admin.seedCatalog(seed as never);
    const hjPayload = {
      fields: {
        applicant_name: '李秀英',
        applicant_id_number: ylrzPayload().fields.applicant_id_number,
        household_address: 'x',
        purpose: 'kinship',
        copies: 1,
      },
    };
    const r = await dev.batch([
      appItem(1, { catalog_version: 1 }),
      appItem(2, { catalog_version: 2 }),
      appItem(3, { service_code: 'HJ-ZM', payload: hjPayload, payload_sha256: payloadSha256(hjPayload) }),
    ]);
    expect(r.result.results.map((x) => [x.status, x.code])).toEqual([
      ['rejected', 'catalog_outdated'],
      ['applied', null],
      ['rejected', 'catalog_outdated'],
    ]);
  });

  it('refuses proxy applications for services that do not allow them', async () => {
    const p = {
      mode: 'proxy',
      agent_id: 'a1',
      fields: {
        applicant_name: '李秀英',
        applicant_id_number: ylrzPayload().fields.applicant_id_number,
        household_address: 'x',
        purpose: 'other',
        copies: 2,
      },
    };
    const r = await dev.batch([appItem(1, { service_code: 'HJ-ZM', payload: p, payload_sha256: payloadSha256(p) })]);
    expect(r.result.results[0]).toMatchObject({ status: 'rejected', code: 'validation_failed' });
  });

  it('defers items whose attachments are missing and applies them once the blob is uploaded', async () => {
    const photo = Buffer.from('fake jpeg bytes '.repeat(100));
    const sha = createHash('sha256').update(photo).digest('hex');
    const item = appItem(1, { attachments: [{ sha256: sha, size: photo.length, mime: 'image/jpeg' }] });
    const r1 = await dev.batch([item, appItem(2)]);
    expect(r1.result.results.map((x) => [x.status, x.code])).toEqual([
      ['deferred', 'attachment_missing'],
      ['applied', null],
    ]);
    expect(r1.result.applied_through_seq).toBe(0);
    expect(
      (
        await dev.send('PUT', PATHS.blob(sha), {
          headers: { 'upload-length': String(photo.length), 'content-type': 'image/jpeg' },
        })
      ).status,
    ).toBe(201);
    const p = await dev.send('PATCH', PATHS.blob(sha), {
      body: photo,
      headers: { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    });
    expect(p.status).toBe(204);
    const r2 = await dev.batch([item]);
    expect(r2.result.results[0]!.status).toBe('applied');
    expect(r2.result.applied_through_seq).toBe(2);
  });

  it('defers items that depend on an unseen transaction, accepts them after, and orders within a batch', async () => {
    const parent = appItem(1);
    const rating = { level: 5, reasons: [], channel: 'self' };
    const evaluation = appItem(2, {
      kind: 'evaluation',
      service_code: null,
      catalog_version: null,
      payload: rating,
      payload_sha256: payloadSha256(rating),
      depends_on: parent.tx_id,
    });
    const r1 = await dev.batch([evaluation]);
    expect(r1.result.results[0]).toMatchObject({ status: 'deferred', code: 'dependency_missing' });
    const r2 = await dev.batch([parent, evaluation]);
    expect(r2.result.results.map((x) => x.status)).toEqual(['applied', 'applied']);
    expect(r2.result.results[1]!.server_ref).toMatch(/^PJ/);
  });

  it('rejects dependents of a rejected transaction instead of deferring them forever', async () => {
    const parent = appItem(1, { service_code: 'NO-SUCH' });
    const rating = { level: 1, reasons: ['slow'], channel: 'agent' };
    const evaluation = appItem(2, {
      kind: 'evaluation',
      service_code: null,
      payload: rating,
      payload_sha256: payloadSha256(rating),
      depends_on: parent.tx_id,
    });
    const r = await dev.batch([parent, evaluation]);
    expect(r.result.results.map((x) => x.code)).toEqual(['service_unknown', 'dependency_rejected']);
  });

  it('accepts audit and health items of the 1.1 shapes without a service, and rejects misfits', async () => {
    const prev = '0'.repeat(64);
    const entry = {
      index: 1,
      at: '2026-11-22T10:00:00.000+08:00',
      actor: { role: 'system', id: 'kiosk' },
      action: 'boot',
      object: 'terminal',
      result: 'ok',
      prev_hash: prev,
    };
    const audit = { from_index: 1, entries: [{ ...entry, hash: sha256Hex(prev + canonicalJson(entry)) }] };
    const health = {
      at: '2026-11-22T10:00:00.000+08:00',
      version: '0.9.3',
      uptime_s: 60,
      devices: { printer: 'ok' },
      queue: { pending: 0, oldest_age_s: null, rejected: 0 },
      disk_free_mb: 900,
      clock_offset_ms: null,
    };
    const other = (seq: number, kind: 'audit' | 'health', payload: Record<string, unknown>) =>
      appItem(seq, {
        kind,
        service_code: null,
        catalog_version: null,
        payload,
        payload_sha256: payloadSha256(payload),
      });
    const r = await dev.batch([
      other(1, 'audit', audit),
      other(2, 'health', health),
      other(3, 'health', { ...health, operator: '李秀英' }),
      other(4, 'health', { queue: 3 }),
      other(5, 'audit', { entries: [{ n: 1, hash: 'ab' }] }),
    ]);
    expect(r.result.results.map((x) => [x.status, x.code ?? x.server_ref?.slice(0, 2)])).toEqual([
      ['applied', 'SJ'],
      ['applied', 'JK'],
      ['rejected', 'validation_failed'],
      ['rejected', 'validation_failed'],
      ['rejected', 'validation_failed'],
    ]);
    expect(r.result.results[2]!.message).not.toContain('李秀英');
  });

  it('takes one evaluation per application: a second is already_evaluated, a resend is duplicate', async () => {
    const parent = appItem(1);
    const evaluation = (seq: number, payload: Record<string, unknown>, dependsOn = parent.tx_id) =>
      appItem(seq, {
        kind: 'evaluation',
        service_code: null,
        catalog_version: null,
        payload,
        payload_sha256: payloadSha256(payload),
        depends_on: dependsOn,
      });
    const first = evaluation(2, { level: 4, channel: 'self' });
    const r1 = await dev.batch([parent, first, evaluation(3, { level: 1, reasons: ['attitude'], channel: 'agent' })]);
    expect(r1.result.results.map((x) => [x.status, x.code])).toEqual([
      ['applied', null],
      ['applied', null],
      ['rejected', 'already_evaluated'],
    ]);
    const r2 = await dev.batch([
      first,
      evaluation(4, { level: 2, channel: 'self' }),
      evaluation(5, { level: 3, channel: 'self' }, first.tx_id),
    ]);
    expect(r2.result.results.map((x) => [x.status, x.code])).toEqual([
      ['duplicate', null],
      ['rejected', 'validation_failed'],
      ['rejected', 'validation_failed'],
    ]);
  });

  it('checks 一件事 bundle members: applied on their own, a misfit bundle is validation_failed', async () => {
    // The platform validates members against the bundles its catalogue publishes (config `bundles`).
    const seed = JSON.parse(
      JSON.stringify(await import('../../../seed/catalog.json', { with: { type: 'json' } }).then((m) => m.default)),
    ) as { bundles: unknown[] };
    seed.bundles.push({
      code: 'YJS-TEST',
      name: '测试一件事',
      description: '',
      services: ['YL-RZ', 'HJ-ZM'],
      version: 1,
      active: true,
    });
    await h.admin.seedCatalog(seed as never);
    const a = appItem(1);
    const b = appItem(2);
    const e = appItem(5);
    const f = appItem(6);
    const bundle = { id: 'BUNDLE-1', code: 'YJS-TEST', members: [a.tx_id, b.tx_id] };
    const withBundle = (item: typeof a, over: Record<string, unknown>) => {
      const payload = { ...ylrzPayload(), bundle: over };
      return { ...item, payload, payload_sha256: payloadSha256(payload) };
    };
    const r = await dev.batch([
      withBundle(a, bundle),
      withBundle(b, bundle),
      withBundle(appItem(3), bundle),
      withBundle(appItem(4), { id: 'BUNDLE-2', members: [] }),
      // Not a bundle this platform publishes, and a bundle YL-RZ is not a member of.
      withBundle(e, { id: 'BUNDLE-3', code: 'YJS-NONE', members: [e.tx_id, 'x'] }),
      withBundle(f, { id: 'BUNDLE-4', code: 'YJS-KNJZ', members: [f.tx_id, 'y'] }),
    ]);
    expect(r.result.results.map((x) => [x.status, x.code])).toEqual([
      ['applied', null],
      ['applied', null],
      ['rejected', 'validation_failed'],
      ['rejected', 'validation_failed'],
      ['rejected', 'validation_failed'],
      ['rejected', 'validation_failed'],
    ]);
    expect(r.result.results.slice(4).map((x) => x.message)).toEqual([
      expect.stringContaining('YJS-NONE 不存在'),
      expect.stringContaining('不属于一件事 YJS-KNJZ'),
    ]);
  });

  it('answers 413 batch_too_large over 500 items or 256 KiB as sent, and accepts 500 items', async () => {
    const many = Array.from({ length: 501 }, (_, i) => appItem(i + 1));
    const r = await dev.batch(many, { encoding: 'gzip' });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body.toString()).error).toMatchObject({ code: 'batch_too_large', permanent: true });
    const ok = await dev.batch(many.slice(0, 500), { encoding: 'br' });
    expect(ok.status).toBe(200);
    expect(ok.result.results).toHaveLength(500);
    const bigPayload = ylrzPayload({ household_address: 'x' });
    const fat = Array.from({ length: 300 }, (_, i) => ({
      ...appItem(1000 + i, { payload: { ...bigPayload, note: randomUUID().repeat(30) } }),
    }));
    const big = await dev.batch(fat);
    expect(big.status).toBe(413);
    // The same items compressed fit under the limit (it counts bytes as sent).
    const compressed = await dev.batch(
      fat.map((x) => ({ ...x, payload_sha256: payloadSha256(x.payload) })),
      { encoding: 'gzip' },
    );
    expect(compressed.status).toBe(200);
  });

  it('takes gzip, br and identity bodies and compresses answers when asked', async () => {
    for (const [i, enc] of (['identity', 'gzip', 'br'] as const).entries()) {
      const r = await dev.batch([appItem(i + 1)], {
        encoding: enc,
        acceptEncoding: enc === 'identity' ? 'gzip' : 'br, gzip',
      });
      expect(r.status).toBe(200);
      expect(r.check).toEqual({ ok: true });
    }
    const many = await dev.batch(
      Array.from({ length: 20 }, (_, i) => appItem(100 + i)),
      { acceptEncoding: 'br' },
    );
    expect(many.headers['content-encoding']).toBe('br');
    expect(many.check).toEqual({ ok: true });
    const plain = await dev.batch(Array.from({ length: 20 }, (_, i) => appItem(200 + i)));
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zstd = await dev.batch([appItem(300)], { headers: { 'content-encoding': 'zstd' } });
    expect(zstd.status).toBe(415);
  });

  it('refuses decompression bombs and broken compressed bodies', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(256 * 1024);
    const r = await dev.send('POST', PATHS.batch(dev.deviceId), {
      body: bomb,
      headers: { 'content-encoding': 'gzip' },
    });
    expect([r.status, json<{ error: { code: string } }>(r).error.code]).toEqual([413, 'body_too_large']);
    const broken = await dev.send('POST', PATHS.batch(dev.deviceId), {
      body: Buffer.from('not brotli'),
      headers: { 'content-encoding': 'br' },
    });
    expect(broken.status).toBe(400);
  });

  it('computes applied_through_seq below the lowest deferred item', async () => {
    const missing = { sha256: 'f'.repeat(64), size: 10, mime: 'image/jpeg' };
    const r = await dev.batch([appItem(1), appItem(2), appItem(3, { attachments: [missing] }), appItem(4), appItem(6)]);
    expect(r.result.applied_through_seq).toBe(2);
    const outcomes = await h.admin.listOutcomes(dev.deviceId);
    expect(outcomes.map((o) => [o.seq, o.outcome])).toEqual([
      [1, 'applied'],
      [2, 'applied'],
      [3, 'deferred'],
      [4, 'applied'],
      [6, 'applied'],
    ]);
  });

  it('answers 400 for a body that is not a batch', async () => {
    const r = await dev.send('POST', PATHS.batch(dev.deviceId), { body: { items: 'nope' } });
    expect(r.status).toBe(400);
    expect(r.check).toEqual({ ok: true });
  });
});
