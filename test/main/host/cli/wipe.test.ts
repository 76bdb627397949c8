import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../../main/contract';
import { runWipeCli } from '../../../../main/host/cli/wipe';
import { hashPin } from '../../../../main/services/technician-service';
import { openDatabase } from '../../../../main/store/database';
import { SAMPLE_CARDS } from '../../../../drivers/sim/sample-cards';
import { startTempHost } from '../../../helpers/temp-host';

type TempHost = Awaited<ReturnType<typeof startTempHost>>;
let host: TempHost | null = null;
afterEach(async () => {
  await host?.cleanup();
  host = null;
});

/** Applications from several sample cards, all acknowledged (or not), then the terminal stopped. */
async function stationWithData(cards: string[], acked: boolean): Promise<{ dir: string; idNumbers: string[] }> {
  host = await startTempHost();
  const h = host;
  const call = async <T>(method: string, args: unknown) => (await h.dispatch(method, args)) as ApiResult<T>;
  for (const id of cards) {
    await call('demo.placeCard', { id });
    // A foreign permanent residence card has no 户籍地址, which 养老认证 needs (card_lacks_field).
    const application = id.startsWith('foreign-')
      ? {
          serviceCode: 'NY-BT',
          values: { bank_account: '6217002870012345678', contract_no: 'HN2024A0015', area_mu: '3' },
        }
      : { serviceCode: 'YL-RZ', values: { phone: '13800001234', residence_status: 'home', photo_taken: true } };
    const r = await call('tx.submit', { ...application, requestId: crypto.randomUUID() });
    if (!r.ok) throw new Error(`submit failed: ${JSON.stringify(r)}`);
    // The services screen greets the villager by masked name: spoken, so rendered into the cache.
    await call('voice.prepare', { text: `${SAMPLE_CARDS.find((c) => c.id === id)!.card.name.slice(0, 1)}*，您好。` });
    await call('session.end', {});
  }
  if (acked)
    h.db.prepare("UPDATE sync_outbox SET state = 'acked', acked_server_time = '2026-12-01T00:00:00.000Z'").run();
  // Close the database but keep the folder (cleanup() after the test removes it). The station's
  // own configuration holds the technician PIN: outside demo mode there is no default one.
  await h.close();
  writeFileSync(
    join(h.dir, 'config.json'),
    JSON.stringify({ technician: { pinHash: hashPin(TECH_PIN, randomBytes(16)) } }),
    { mode: 0o600 },
  );
  return { dir: h.dir, idNumbers: cards.map((id) => SAMPLE_CARDS.find((c) => c.id === id)!.card.idNumber) };
}

const TECH_PIN = '246810';

function io(pin = TECH_PIN) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), readPin: () => Promise.resolve(pin) },
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

const cards = ['resident-long-term', 'resident-twenty-years', 'resident-rare-character', 'foreign-permanent-2023'];

describe('npm run wipe', () => {
  it('erases the personal data of sample-card applications and proves no ID number is left', async () => {
    const { dir, idNumbers } = await stationWithData(cards, true);
    const t = io();
    expect(await runWipeCli([], t.io, { CUNZHAN_DATA_DIR: dir })).toBe(0);
    expect(t.out.join('\n')).toContain('一个也没有找到');
    expect(t.out.join('\n')).toMatch(/[1-9]\d* 个语音缓存文件/);
    expect(filesUnder(join(dir, 'speech'))).toEqual([]);
    expect(t.out.join('\n')).toContain(`查找本机保存过的 ${idNumbers.length} 个身份证号码`);

    // An independent look at every file: neither the number nor its UTF-16 form anywhere.
    for (const file of filesUnder(dir)) {
      const bytes = readFileSync(file);
      for (const n of idNumbers) {
        expect(bytes.includes(Buffer.from(n, 'utf8')), file).toBe(false);
        expect(bytes.includes(Buffer.from(n, 'utf16le')), file).toBe(false);
      }
    }
    const db = openDatabase(join(dir, 'cunzhan.db'));
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM transactions').get()).toEqual({ n: 0 });
      expect(
        db
          .prepare(
            "SELECT COUNT(*) AS n FROM sync_outbox_payloads p JOIN sync_outbox o USING (seq) WHERE o.kind <> 'audit'",
          )
          .get(),
      ).toEqual({ n: 0 });
      const last = db.prepare('SELECT actor_role, action FROM audit_log ORDER BY entry_index DESC LIMIT 1').get();
      expect(last).toEqual({ actor_role: 'technician', action: 'data.wipe' });
    } finally {
      db.close();
    }
  });

  it('names a file in the data folder that still holds an ID number, and fails', async () => {
    const { dir, idNumbers } = await stationWithData(['resident-long-term'], true);
    writeFileSync(join(dir, 'export.csv'), `name,id\nx,${idNumbers[0]}\n`);
    const t = io();
    expect(await runWipeCli([], t.io, { CUNZHAN_DATA_DIR: dir })).toBe(1);
    expect(t.err.join('\n')).toContain('export.csv');
    expect(t.err.join('\n')).not.toContain(idNumbers[0]);
  });

  it('refuses a wrong PIN, records it, and erases nothing', async () => {
    const { dir } = await stationWithData(['resident-long-term'], true);
    const t = io('123456');
    expect(await runWipeCli([], t.io, { CUNZHAN_DATA_DIR: dir })).toBe(1);
    const db = openDatabase(join(dir, 'cunzhan.db'));
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM transactions').get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT action, result FROM audit_log ORDER BY entry_index DESC LIMIT 1').get()).toEqual({
        action: 'technician.failure',
        result: 'denied',
      });
    } finally {
      db.close();
    }
  });

  it('keeps unsent applications unless told to discard them', async () => {
    const { dir } = await stationWithData(['resident-long-term'], false);
    const t = io();
    expect(await runWipeCli([], t.io, { CUNZHAN_DATA_DIR: dir })).toBe(1);
    expect(t.err.join('\n')).toContain('1 笔业务没有上传');
    expect(await runWipeCli(['--discard-unsent'], io().io, { CUNZHAN_DATA_DIR: dir })).toBe(0);
  });
});
