import type { Failure } from '../../rules/result';

/**
 * SW3 status byte of every SAM response (SW1 = SW2 = 00 in all public captures). Codes are stable
 * strings for logs and the UI; messages are plain Chinese for the villager or the technician.
 * Meanings: vendor SDK lists of the Synjones / HX / KT8003 families and the SAM protocol text.
 */
export const SW3 = {
  success: 0x90,
  noContent: 0x91,
  cardFound: 0x9f,
  noCard: 0x80,
  selectFailed: 0x81,
  readFailed: 0x41,
  samSelfTestFailed: 0x60,
  samNotAuthorised: 0x66,
} as const;

export interface Sw3Info {
  readonly code: string;
  readonly message: string;
  /** The SAM itself is unhealthy: the driver resets it and reports a fault. */
  readonly samFault: boolean;
}

const TABLE: ReadonlyMap<number, Sw3Info> = new Map<number, Sw3Info>([
  [0x90, { code: 'ok', message: '操作成功', samFault: false }],
  [0x91, { code: 'no_content', message: '证件上没有这项信息', samFault: false }],
  [0x9f, { code: 'card_found', message: '已找到证件', samFault: false }],
  [
    0x10,
    { code: 'host_checksum_error', message: '读卡器收到的指令校验出错，请重试；多次出现请检查连线', samFault: false },
  ],
  [
    0x11,
    { code: 'host_length_error', message: '读卡器收到的指令长度出错，请重试；多次出现请检查连线', samFault: false },
  ],
  [0x21, { code: 'command_error', message: '读卡器不支持这条指令', samFault: false }],
  [0x23, { code: 'unauthorised_operation', message: '读卡器拒绝了越权操作', samFault: false }],
  [0x24, { code: 'unrecognised_error', message: '读卡器报告了无法识别的错误，请重试', samFault: false }],
  [0x31, { code: 'card_rejected_sam', message: '证件认证读卡器失败，请把证件拿开后重新放好', samFault: false }],
  [0x32, { code: 'sam_rejected_card', message: '读卡器认证证件失败，请把证件拿开后重新放好', samFault: false }],
  [0x33, { code: 'verification_failed', message: '证件信息验证失败，请把证件拿开后重新放好', samFault: false }],
  [
    0x37,
    { code: 'fingerprint_verification_failed', message: '指纹信息验证出错，请把证件拿开后重新放好', samFault: false },
  ],
  [0x3f, { code: 'info_length_error', message: '证件信息长度出错，请把证件拿开后重新放好', samFault: false }],
  [0x40, { code: 'unknown_card_type', message: '无法识别这张卡，请放身份证或居住证、永久居留证', samFault: false }],
  [0x41, { code: 'card_read_failed', message: '读卡失败，请把证件拿开后重新放好', samFault: false }],
  [0x47, { code: 'random_number_failed', message: '取随机数失败，请把证件拿开后重新放好', samFault: false }],
  [0x60, { code: 'sam_self_test_failed', message: '读卡器安全模块自检失败，请联系技术人员', samFault: true }],
  [0x66, { code: 'sam_not_authorised', message: '读卡器安全模块未授权，无法使用，请联系技术人员', samFault: true }],
  [0x80, { code: 'no_card', message: '没有找到证件，请把身份证放在读卡区', samFault: false }],
  [0x81, { code: 'card_select_failed', message: '选卡失败，请把证件拿开后重新放好', samFault: false }],
]);

/** Every SW3 value the SAM is documented to send. */
export const KNOWN_SW3: readonly number[] = [...TABLE.keys()];

export function describeSw3(sw3: number): Sw3Info {
  return (
    TABLE.get(sw3) ?? {
      code: 'unknown_status',
      message: `读卡器返回了未知状态（${sw3.toString(16).toUpperCase().padStart(2, '0')}），请重试`,
      samFault: false,
    }
  );
}

export function sw3Failure(sw3: number): Failure {
  const { code, message } = describeSw3(sw3);
  return { code, message };
}
