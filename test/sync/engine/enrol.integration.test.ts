import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { RunningPlatform } from '../../../sync/platform/server';
import { loadIdentity } from '../../../sync/enrol/identity';
import { publicKeySha256Hex } from '../../../sync/protocol/keys';
import { runSyncCli } from '../../../sync/cli';
import { admin, makeTerminal, newCode, startTestPlatform } from '../harness';
import type { Terminal } from '../harness';
import { syntheticApplication } from '../synthetic';

describe('enrolment and the technician CLI', () => {
  let platform: RunningPlatform;
  let t: Terminal | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  afterAll(async () => {
    await platform.close();
  });

  const cli = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runSyncCli(argv, {
      engineFactory: () => t!.engine,
      io: { out: (l) => out.push(l), err: (l) => err.push(l) },
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('enrol --platform --code stores a sealed key; the platform knows the device', async () => {
    t = await makeTerminal(platform, { enrol: false });
    expect(t.engine.status().link).toBe('unenrolled');
    expect((await t.engine.syncNow()).failure?.code).toBe('not_enrolled');
    const code = await newCode(platform);
    const r = await cli(['enrol', '--platform', platform.url, '--code', code]);
    expect(r.code).toBe(0);
    const id = loadIdentity(t.db, t.sealer)!;
    expect(r.out).toContain(id.deviceId);
    const devices = await admin<{ devices: { device_id: string; region_code: string }[] }>(
      platform,
      'GET',
      '/admin/devices',
    );
    expect(devices.devices.find((d) => d.device_id === id.deviceId)?.region_code).toBe('430121104201');
    t.db.pragma('wal_checkpoint(TRUNCATE)');
    const der = id.privateKey.export({ format: 'der', type: 'pkcs8' });
    const file = readFileSync(t.path);
    expect(file.includes(der.subarray(-32))).toBe(false);
    expect(file.includes(Buffer.from(der.toString('base64')))).toBe(false);

    // A used code and a second enrolment are refused with plain messages.
    expect(await t.engine.enrol({ code, force: true })).toMatchObject({
      ok: false,
      error: { code: 'enrollment_code_used' },
    });
    expect(await t.engine.enrol({ code: await newCode(platform) })).toMatchObject({
      ok: false,
      error: { code: 'already_enrolled' },
    });
    expect(await t.engine.enrol({ code: 'NOPE-NOPE', force: true })).toMatchObject({
      ok: false,
      error: { code: 'enrollment_code_unknown' },
    });
    expect(loadIdentity(t.db, t.sealer)!.deviceId).toBe(id.deviceId);
  });

  it('enrol --platform-key-sha256 pins the platform key: a wrong one is refused and nothing stored', async () => {
    t = await makeTerminal(platform, { enrol: false });
    const wrong = await cli([
      'enrol',
      '--platform',
      platform.url,
      '--code',
      await newCode(platform),
      '--platform-key-sha256',
      'ab'.repeat(32),
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('platform_key_mismatch');
    expect(loadIdentity(t.db, t.sealer)).toBeNull();
    const right = await cli([
      'enrol',
      '--platform',
      platform.url,
      '--code',
      await newCode(platform),
      '--platform-key-sha256',
      publicKeySha256Hex(platform.platformPublicKey),
    ]);
    expect(right.code).toBe(0);
    expect(loadIdentity(t.db, t.sealer)).not.toBeNull();
  });

  it('refuses plain http to a non-loopback platform', async () => {
    t = await makeTerminal(platform, { enrol: false });
    const r = await cli(['enrol', '--platform', 'http://platform.example.cn', '--code', 'X']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('insecure_platform_url');
  });

  it('status, now and queue print counts, rejected items and reasons', async () => {
    t = await makeTerminal(platform);
    t.engine.outbox.enqueue({
      kind: 'application',
      serviceCode: 'DB-SQ',
      catalogVersion: 1,
      payload: syntheticApplication(1),
    });
    t.engine.outbox.enqueue({ kind: 'application', serviceCode: 'DB-SQ', catalogVersion: 1, payload: { fields: {} } });
    const q1 = await cli(['queue']);
    expect(q1.out).toContain('pending 2');
    expect(q1.out).toMatch(/最早待发送: seq \d+/);
    const now = await cli(['now']);
    expect(now.code).toBe(0);
    expect(now.out).toContain('已确认 1，被拒绝 1');
    expect(now.out).toMatch(/被拒绝: seq \d+ tx [0-9a-f-]+ DB-SQ validation_failed/);
    const st = await cli(['status']);
    expect(st.out).toContain('队列: 待发送 0');
    expect(st.out).toMatch(/时钟偏差: -?\d+ ms/);
    // no personal data on the technician's screen
    expect(now.out + st.out).not.toContain(
      String((syntheticApplication(1).fields as Record<string, string>).applicant_id_number),
    );
    expect((await cli(['bogus'])).code).toBe(2);
    // Another process (the technician's CLI next to the running kiosk) sees the recorded outcome.
    const { createSyncEngine } = await import('../../../sync/engine/engine');
    const other = createSyncEngine({ db: t.db, sealer: t.sealer, config: t.engine.config });
    const out: string[] = [];
    expect(
      await runSyncCli(['status'], {
        engineFactory: () => other,
        io: { out: (l) => out.push(l), err: (l) => out.push(l) },
      }),
    ).toBe(0);
    expect(out.join('\n')).toContain('最近一次记录: 在线');
    expect(out.join('\n')).toMatch(/上次成功: \d{4}-/);
  });
});
