import { ENROLMENT_PREFIX, RECEIPT_PREFIX } from './classify';

/** Sample codes the demo panel and the CLI can "scan"; synthetic values only. */
export interface SampleCode {
  readonly id: string;
  /** Label for the demo panel (technician-facing). */
  readonly label: string;
  readonly bytes: Uint8Array;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function enrolment(payload: object): string {
  return ENROLMENT_PREFIX + Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export const SAMPLE_CODES: readonly SampleCode[] = [
  { id: 'receipt', label: '回执二维码', bytes: utf8(`${RECEIPT_PREFIX}430121-20260115-0007`) },
  {
    id: 'enrolment',
    label: '终端注册码',
    bytes: utf8(
      enrolment({
        platform: 'https://platform.example.cn',
        code: 'K7QF-29XD',
        region_code: '430121001001',
        station: '示例村便民服务站',
      }),
    ),
  },
  { id: 'url', label: '网址', bytes: utf8('https://example.com/promo') },
  { id: 'digits', label: '条形码数字', bytes: utf8('6901234567892') },
  // "村级便民服务站" in GBK, as a GBK-encoding QR generator would produce it.
  {
    id: 'gbk',
    label: 'GBK 中文内容',
    bytes: Uint8Array.from([0xb4, 0xe5, 0xbc, 0xb6, 0xb1, 0xe3, 0xc3, 0xf1, 0xb7, 0xfe, 0xce, 0xf1, 0xd5, 0xbe]),
  },
];

export function sampleCode(id: string): SampleCode | undefined {
  return SAMPLE_CODES.find((s) => s.id === id);
}
