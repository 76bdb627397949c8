import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../../main/contract/error-codes';
import { syncStatusViewSchema, txProgressStatusSchema } from '../../../main/contract/views';
import type { QrCameraErrorCode } from '../../../renderer/camera/qr-camera';
import { errorText, formatDateTime, zhCN } from '../../../renderer/i18n/zh-CN';

const hasHan = (s: string): boolean => /\p{Script=Han}/u.test(s);

describe('zh-CN catalogue', () => {
  it('has a plain Chinese message for every ErrorCode of the contract', () => {
    for (const code of errorCodes) {
      const text = (zhCN.errors as Record<string, string | undefined>)[code];
      expect(text, code).toBeDefined();
      expect(hasHan(text!), code).toBe(true);
    }
    expect(Object.keys(zhCN.errors).sort()).toEqual([...errorCodes].sort());
  });

  it('has a plain Chinese message for every camera failure and every sync link state', () => {
    const cameraCodes = [
      'camera_denied',
      'camera_missing',
      'camera_busy',
      'camera_failed',
    ] as const satisfies readonly QrCameraErrorCode[];
    expect(Object.keys(zhCN.cameraErrors).sort()).toEqual([...cameraCodes].sort());
    for (const code of cameraCodes) expect(hasHan(zhCN.cameraErrors[code]), code).toBe(true);
    for (const link of syncStatusViewSchema.shape.link.options)
      expect(hasHan(zhCN.technician.link[link]), link).toBe(true);
  });

  it('gives the URL keyboard what a platform address needs, each key once per page', () => {
    for (const rows of [zhCN.urlKeyboard.lower, zhCN.urlKeyboard.upper]) {
      const chars = rows.flatMap((row) => [...row]);
      expect(new Set(chars).size).toBe(chars.length);
      for (const ch of ':/.-_') expect(chars).toContain(ch);
    }
  });

  it('names every progress status in Chinese', () => {
    for (const s of txProgressStatusSchema.options) expect(hasHan(zhCN.progress.status[s]), s).toBe(true);
  });

  it('maps codes through the catalogue and keeps the host message for unknown codes', () => {
    expect(errorText({ code: 'paper_out', message: 'x' })).toBe(zhCN.errors.paper_out);
    expect(errorText({ code: 'reader_dirty', message: '请擦一擦身份证再放' })).toBe('请擦一擦身份证再放');
    expect(errorText({ code: 'reader_dirty' })).toBe(zhCN.errors.internal);
  });

  it('keeps the host message where it names what the card lacks, and falls back to the catalogue', () => {
    const named = '您的证件上没有这项业务需要的“户籍地址”，不能在自助机上办理。请找工作人员帮您办理';
    expect(errorText({ code: 'card_lacks_field', message: named })).toBe(named);
    expect(errorText({ code: 'card_lacks_field' })).toBe(zhCN.errors.card_lacks_field);
  });

  it('formats dates in Chinese, in China time whatever the zone of the machine', () => {
    expect(formatDateTime('2026-11-01T19:05:00.000Z')).toBe('2026年11月2日 03:05');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('formats the greeting with the masked name only', () => {
    expect(zhCN.services.greeting('张*丰', '')).toBe('张*丰，您好');
    expect(zhCN.services.greeting('李*', '女士')).toBe('李*女士，您好');
  });

  it('keeps every text-keyboard key a single distinct character', () => {
    const chars = zhCN.textKeyboard.flatMap((row) => [...row]);
    expect(new Set(chars).size).toBe(chars.length);
    for (const ch of chars) expect(hasHan(ch)).toBe(true);
  });

  it('says how far the station clock is off, and which way', () => {
    const t = zhCN.technician;
    expect(t.clockOffset(0)).toBe('与平台一致');
    expect(t.clockOffset(-7_260_000)).toBe('比平台快 2 小时 1 分');
    expect(t.clockOffset(90_000)).toBe('比平台慢 1 分 30 秒');
    expect(t.clockOffset(-12_000)).toBe('比平台快 12 秒');
  });
});
