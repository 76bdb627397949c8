import { describe, expect, it } from 'vitest';
import { idCardReaderConfigSchema } from '../../../drivers/idcard/config';

describe('idCardReaderConfigSchema', () => {
  it('fills the defaults', () => {
    expect(idCardReaderConfigSchema.parse({ port: '/dev/ttyUSB0' })).toEqual({
      port: '/dev/ttyUSB0',
      baudRate: 115200,
      pollIntervalMs: 500,
      readFingerprint: false,
      readAppendedAddress: false,
    });
  });
  it('refuses rates the SAM does not offer and polling faster than 300 ms', () => {
    expect(idCardReaderConfigSchema.safeParse({ port: '/dev/ttyUSB0', baudRate: 4800 }).success).toBe(false);
    expect(idCardReaderConfigSchema.safeParse({ port: '/dev/ttyUSB0', pollIntervalMs: 100 }).success).toBe(false);
    expect(idCardReaderConfigSchema.safeParse({ port: '' }).success).toBe(false);
    expect(
      idCardReaderConfigSchema.safeParse({ port: '/dev/ttyACM0', baudRate: 9600, pollIntervalMs: 300 }).success,
    ).toBe(true);
  });
});
