import { describe, expect, it } from 'vitest';
import { SELF_TEST_CODES, fixFor, isSelfTestCode, type SelfTestCode } from '../../rules/self-test-fixes';

/** For each code: words the fix must contain so the technician can act on it. */
const mustSay: Record<SelfTestCode, readonly string[]> = {
  port_permission_denied: ['dialout', 'udev', 'udevadm'],
  port_busy: ['brltty', 'fuser', '/dev/ttyUSB0', 'ModemManager'],
  port_missing: ['USB', '重新查找设备'],
  sam_no_answer: ['电源', '波特率', '115200'],
  card_not_present: ['身份证', '读卡测试'],
  card_read_failed: ['重试'],
  printer_status_silent: ['statusQueries: false', '缺纸'],
  printer_paper_out: ['热敏纸', '打印测试'],
  printer_cover_open: ['盖'],
  printer_offline: ['9100'],
  scanner_keyboard_layout: ['HID-POS', '美国'],
  scanner_no_read: ['二维码', '扫码枪'],
  scanner_code_mismatch: ['HID-POS'],
  camera_no_read: ['摄像头', '二维码'],
  camera_unavailable: ['摄像头'],
};

describe('self-test fixes', () => {
  const details = { port: '/dev/ttyUSB0', holder: 'brltty (进程 812)', bauds: '115200、57600', device: '0c2e:0b61' };

  for (const code of SELF_TEST_CODES) {
    it(`${code}: a Chinese problem and a fix that says what to do`, () => {
      const f = fixFor(code, details);
      expect(f.code).toBe(code);
      expect(f.message).toBe(`${f.problem}。${f.fix}`);
      expect(f.problem).toMatch(/[\u4e00-\u9fff]/);
      expect(f.fix).toMatch(/[\u4e00-\u9fff]/);
      for (const word of mustSay[code]) expect(`${f.problem} ${f.fix}`).toContain(word);
      // Every placeholder was filled.
      expect(`${f.problem} ${f.fix}`).not.toMatch(/\{[a-z]+\}/);
    });
  }

  it('names the program holding a busy port and the bauds tried', () => {
    expect(fixFor('port_busy', details).problem).toBe('设备 /dev/ttyUSB0 正被其他程序占用：brltty (进程 812)');
    expect(fixFor('sam_no_answer', details).problem).toContain('115200、57600');
  });

  it('says 未知 for a detail it was not given', () => {
    expect(fixFor('port_busy').problem).toBe('设备 未知 正被其他程序占用：未知');
  });

  it('knows its own codes only', () => {
    expect(isSelfTestCode('printer_paper_out')).toBe(true);
    expect(isSelfTestCode('paper_out')).toBe(false);
    expect(new Set(SELF_TEST_CODES).size).toBe(SELF_TEST_CODES.length);
  });
});
