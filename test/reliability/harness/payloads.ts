// Synthetic service applications (~1.1 KB of JSON each, like the reference measurements): invented
// people only — names from a small invented list, ID numbers with a valid GB 11643 check digit.
import { createHash } from 'node:crypto';
import { withCheckCharacter } from '../../../rules/citizen-id';
import type { Rng } from './rng';

const surnames = ['赵', '钱', '孙', '李', '周', '吴', '郑', '王', '冯', '陈', '褚', '卫'];
const given = ['小梅', '建国', '秀英', '德明', '春花', '立新', '桂兰', '志强', '玉珍', '海涛'];
const services = ['MZ-001', 'MZ-014', 'SB-003', 'SB-021', 'YB-007', 'NY-002', 'HJ-011', 'CJ-005'];
const villages = ['上湾村', '石桥村', '枫树坪村', '河口村', '新屋场村'];

export const gb11643 = withCheckCharacter;

/** A deterministic UUID-shaped id derived from a seed and an index (stable across restarts). */
export function stableUuid(seed: number, index: number, salt = 'tx'): string {
  const h = createHash('sha256').update(`${salt}:${seed}:${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

export interface SyntheticApplication {
  serviceCode: string;
  payload: Record<string, unknown>;
}

/** What makes an item permanently unacceptable to the platform (a "poison" item). */
export type PoisonKind = 'service_unknown' | 'validation_failed';

export const CATALOG_VERSION = 7;

export function syntheticApplication(rng: Rng, index: number, poison?: PoisonKind): SyntheticApplication {
  const serviceCode = poison === 'service_unknown' ? 'ZZ-404' : rng.pick(services);
  const birth = `19${rng.int(35, 99)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
  let idNumber = gb11643(`430124${birth}${digits(rng, 3)}`);
  if (poison === 'validation_failed') idNumber = idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0');
  const village = rng.pick(villages);
  const payload = {
    form_id: 'rel-application',
    form_version: 3,
    mode: rng.chance(0.6) ? 'self' : 'proxy',
    fields: {
      name: rng.pick(surnames) + rng.pick(given),
      id_number: idNumber,
      phone: `1${rng.int(30, 99)}${digits(rng, 8)}`,
      address: `湖南省长沙市宁乡市某某镇${village}${rng.int(1, 12)}组${rng.int(1, 99)}号`,
      reason: `申请事项说明第${index}号：本人因家庭情况需要办理该事项，材料已当场核对。`,
      household_size: rng.int(1, 7),
      annual_income_yuan: rng.int(3000, 60000),
      bank_account_tail: digits(rng, 4),
      remarks: '由站点工作人员协助填写，申请人已确认内容无误。村委会已初审，原件已退还申请人，复印件随件上传。',
      submitted_by: 'station_terminal',
    },
    id_card_read: {
      method: 'iso14443b_sam',
      photo_sha256: createHash('sha256').update(`photo:${index}:${rng.next()}`).digest('hex'),
    },
    materials: [
      { kind: 'id_card_copy', sha256: createHash('sha256').update(`m1:${index}:${rng.next()}`).digest('hex') },
      { kind: 'household_register', sha256: createHash('sha256').update(`m2:${index}:${rng.next()}`).digest('hex') },
    ],
    consent: { recorded: true, method: 'signature_pad', agent_id: `agent-${rng.int(1, 9)}` },
    station: { region_code: '430124104203', terminal_note: `seq-hint-${index}` },
  };
  return { serviceCode, payload };
}

/** The catalogue the platform is seeded with for these runs: the services and the one form above. */
export function reliabilityCatalog(): Record<string, unknown> {
  const text = (key: string, label: string, extra: Record<string, unknown> = {}) => ({
    key,
    type: 'text',
    label,
    required: true,
    ...extra,
  });
  return {
    format: 'cunzhan-catalog/1',
    forms: [
      {
        id: 'rel-application',
        version: 3,
        title: '通用申请表（可靠性测试）',
        fields: [
          text('name', '姓名', { max_length: 20 }),
          { key: 'id_number', type: 'id_number', label: '身份证号', required: true },
          { key: 'phone', type: 'phone', label: '联系电话', required: true },
          text('address', '住址', { max_length: 100 }),
          { key: 'reason', type: 'textarea', label: '申请理由', required: true, max_length: 500 },
          { key: 'household_size', type: 'number', label: '家庭人口', required: true, min: 1, max: 20 },
          { key: 'annual_income_yuan', type: 'number', label: '家庭年收入', required: false, min: 0 },
          text('bank_account_tail', '银行卡后四位', { pattern: '\\d{4}' }),
          { key: 'remarks', type: 'textarea', label: '备注', required: false, max_length: 500 },
          text('submitted_by', '提交方式', { required: false }),
        ],
      },
    ],
    services: services.map((code) => ({
      code,
      name: `测试事项 ${code}`,
      category: '可靠性测试',
      description: '仅用于可靠性测试的事项',
      offline_allowed: true,
      proxy_allowed: true,
      identification: ['id_card'],
      form_id: 'rel-application',
      materials: [],
      time_limit_days: 5,
      version: CATALOG_VERSION,
      min_version: 1,
      active: true,
    })),
  };
}
