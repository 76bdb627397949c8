import { describe, expect, it } from 'vitest';
import { checkEnrolForm, emptyEnrolForm, enrolArgs, fillFromScan } from '../../../renderer/technician/enrol-form';

describe('enrolment form', () => {
  it('fills platform, code, region and station from an enrolment scan', () => {
    const filled = fillFromScan(emptyEnrolForm, {
      kind: 'enrolment',
      platform: 'https://gov.example/sync',
      code: 'ABCD-1234',
      regionCode: '430121100202',
      station: '样板村便民服务站',
    });
    expect(filled).toEqual({
      platform: 'https://gov.example/sync',
      code: 'ABCD-1234',
      regionCode: '430121100202',
      stationName: '样板村便民服务站',
      platformKeySha256: '',
    });
    expect(checkEnrolForm(filled!)).toEqual([]);
  });

  it('keeps what was typed when the code carries no region or station', () => {
    const typed = { ...emptyEnrolForm, regionCode: '430121100202', stationName: '东村' };
    expect(fillFromScan(typed, { kind: 'enrolment', platform: 'http://127.0.0.1:8787', code: 'XYZ9-0000' })).toEqual({
      platform: 'http://127.0.0.1:8787',
      code: 'XYZ9-0000',
      regionCode: '430121100202',
      stationName: '东村',
      platformKeySha256: '',
    });
  });

  it('carries the pinned platform key hash from the scan to tech.enrol, and drops it when the next code has none', () => {
    const pin = 'ab'.repeat(32);
    const filled = fillFromScan(emptyEnrolForm, {
      kind: 'enrolment',
      platform: 'https://gov.example/sync',
      code: 'ABCD-1234',
      regionCode: '430121100202',
      station: '东村',
      platformKeySha256: pin,
    });
    expect(filled?.platformKeySha256).toBe(pin);
    expect(checkEnrolForm(filled!)).toEqual([]);
    expect(enrolArgs(filled!)).toMatchObject({ platformKeySha256: pin });
    const next = fillFromScan(filled!, { kind: 'enrolment', platform: 'https://gov.example/sync', code: 'EFGH-5678' });
    expect(next?.platformKeySha256).toBe('');
    expect(enrolArgs(next!)).not.toHaveProperty('platformKeySha256');
    expect(checkEnrolForm({ ...filled!, platformKeySha256: 'abc' })).toEqual(['platformKeySha256']);
  });

  it('ignores receipts and unknown codes', () => {
    const typed = { ...emptyEnrolForm, code: 'KEEP' };
    expect(fillFromScan(typed, { kind: 'receipt', localNumber: '430121-20260115-0007' })).toBeNull();
    expect(fillFromScan(typed, { kind: 'unrecognised', message: 'x' })).toBeNull();
  });

  it('names every field that the host would refuse', () => {
    expect(checkEnrolForm(emptyEnrolForm)).toEqual(['platform', 'code', 'regionCode', 'stationName']);
    expect(
      checkEnrolForm({
        platform: 'ftp://x',
        code: 'ab c',
        regionCode: '43012110020',
        stationName: '  ',
        platformKeySha256: 'zz',
      }),
    ).toEqual(['platform', 'code', 'regionCode', 'stationName', 'platformKeySha256']);
    expect(
      checkEnrolForm({
        platform: 'gov.example',
        code: 'ABCD',
        regionCode: '43012110020X',
        stationName: '村'.repeat(65),
        platformKeySha256: '',
      }),
    ).toEqual(['platform', 'regionCode', 'stationName']);
    expect(
      checkEnrolForm({
        platform: 'http://10.0.0.2:8787/',
        code: 'ab_c-1',
        regionCode: '000000000000',
        stationName: '村',
        platformKeySha256: 'AB'.repeat(32),
      }),
    ).toEqual([]);
  });

  it('trims what is sent', () => {
    expect(
      enrolArgs({
        platform: ' https://a.b ',
        code: ' C0DE ',
        regionCode: '430121100202',
        stationName: ' 东村 ',
        platformKeySha256: ' ',
      }),
    ).toEqual({
      platform: 'https://a.b',
      code: 'C0DE',
      regionCode: '430121100202',
      stationName: '东村',
    });
  });
});
