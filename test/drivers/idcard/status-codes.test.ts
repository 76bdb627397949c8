import { describe, expect, it } from 'vitest';
import { decodeSimpleOk, splitResponse } from '../../../drivers/idcard/commands';
import { encodeFrame, parseWholeFrame } from '../../../drivers/idcard/frame';
import { describeSw3, KNOWN_SW3, sw3Failure } from '../../../drivers/idcard/status-codes';

const documented = [
  0x90, 0x91, 0x9f, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x37, 0x3f, 0x40, 0x41, 0x47, 0x60, 0x66, 0x80,
  0x81,
];

describe('SW3 status table', () => {
  it('covers every documented SW3 value', () => {
    expect([...KNOWN_SW3].sort((a, b) => a - b)).toEqual([...documented].sort((a, b) => a - b));
  });

  it('gives each value its own stable snake_case code and a Chinese message', () => {
    const codes = documented.map((sw3) => describeSw3(sw3).code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const sw3 of documented) {
      const { code, message } = describeSw3(sw3);
      expect(code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it.each(documented.filter((s) => s !== 0x90))('a status-only answer with SW3 %s decodes to its failure', (sw3) => {
    const frame = parseWholeFrame(encodeFrame(Uint8Array.of(0, 0, sw3)))!;
    const response = splitResponse(frame);
    expect(response.ok).toBe(true);
    if (!response.ok) return;
    expect(decodeSimpleOk(response.value)).toEqual({ ok: false, error: sw3Failure(sw3) });
  });

  it('marks only self-test and authorisation failures as SAM faults', () => {
    expect(documented.filter((s) => describeSw3(s).samFault)).toEqual([0x60, 0x66]);
  });

  it('maps an undocumented value to unknown_status with the hex value in the message', () => {
    expect(describeSw3(0x55)).toMatchObject({ code: 'unknown_status', samFault: false });
    expect(describeSw3(0x55).message).toContain('55');
  });
});
