import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { OutboxStore } from '../../sync/outbox/outbox-store';
import type { EnqueueResult } from '../../sync/outbox/types';
import { withCheckCharacter } from '../../rules/citizen-id';

const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const given = ['建国', '秀英', '桂兰', '志强', '玉梅', '海燕', '德明', '春花', '文华', '小龙'];
const villages = ['上湾村', '石桥村', '柳树屯', '杏花村', '河西组'];

function hex(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

function uuidish(i: number): string {
  const h = hex(`session${i}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** An invented ID number with a valid GB 11643 check digit. */
export function syntheticIdNumber(i: number): string {
  const birth = `19${String(40 + (i % 50)).padStart(2, '0')}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
  return withCheckCharacter(`430121${birth}${String(i % 1000).padStart(3, '0')}`);
}

/**
 * A synthetic 最低生活保障 application (service DB-SQ of the reference platform's seed catalogue),
 * about 1.1 KB of JSON (JCS), valid against its form. Synthetic people only.
 */
export function syntheticApplication(i: number): Record<string, unknown> {
  const name = surnames[i % 10]! + given[Math.floor(i / 10) % 10]!;
  return {
    mode: i % 3 === 0 ? 'proxy' : 'self',
    fields: {
      applicant_name: name,
      applicant_id_number: syntheticIdNumber(i),
      household_address: `湖南省长沙县某镇${villages[i % 5]}${(i % 40) + 1}组${(i % 90) + 1}号`,
      phone: `139${String(10_000_000 + ((i * 7919) % 89_999_999)).padStart(8, '0')}`,
      household_size: 1 + (i % 6),
      monthly_income: 300 + ((i * 37) % 900),
      reason: `家庭成员${1 + (i % 6)}人，主要劳动力因病长期不能务工，收入低于当地最低生活保障标准，申请纳入低保。补充说明第${i}号：${'田地收成受旱灾影响，医疗支出较大。'.repeat(1 + (i % 3))}`,
      hardships: ['illness', 'no_labour'].slice(0, 1 + (i % 2)),
      consent_check: true,
    },
    consent: { recorded: true, method: 'signature_pad', agent_id: `A${i % 7}`, signature_sha256: hex(`sig${i}`) },
    // Ids and hashes resist compression like real records do.
    terminal_meta: {
      screen_path: ['home', 'service', 'DB-SQ', 'form', 'confirm'],
      input_ms: 120_000 + i,
      printed: true,
      id_card_read_sha256: hex(`card${i}`),
      session_id: uuidish(i),
      receipt_no: `R${String(i).padStart(10, '0')}`,
      form_version: 1,
      catalog_etag: hex(`catalog${i % 3}`).slice(0, 40),
    },
  };
}

/** Fills the outbox with n synthetic applications, 500 per SQLite transaction (for benchmarks). */
export function enqueueSyntheticBacklog(
  db: Database.Database,
  outbox: OutboxStore,
  n: number,
  start = 0,
): EnqueueResult[] {
  const out: EnqueueResult[] = [];
  const chunk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      out.push(
        outbox.enqueue({
          kind: 'application',
          serviceCode: 'DB-SQ',
          catalogVersion: 1,
          payload: syntheticApplication(i),
        }),
      );
    }
  });
  for (let i = start; i < start + n; i += 500) chunk(i, Math.min(start + n, i + 500));
  return out;
}
