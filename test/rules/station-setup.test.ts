import { describe, expect, it } from 'vitest';
import { checkStationDetails, printerAddressOk } from '../../rules/station-setup';

describe('station details and printer address rules', () => {
  it('accepts a village station as typed', () => {
    expect(
      checkStationDetails({ stationName: '桃源村便民服务站', regionCode: '430121100202', hotline: '0731-12345' }),
    ).toEqual([]);
    expect(checkStationDetails({ stationName: '桃源村便民服务站', regionCode: '430121100202', hotline: '' })).toEqual(
      [],
    );
  });

  it('names each wrong field', () => {
    expect(checkStationDetails({ stationName: '  ', regionCode: '43012110020', hotline: '12' })).toEqual([
      'stationName',
      'regionCode',
      'hotline',
    ]);
    expect(
      checkStationDetails({ stationName: '村'.repeat(65), regionCode: '4301211002O2', hotline: '-12345' }),
    ).toEqual(['stationName', 'regionCode', 'hotline']);
  });

  it('takes a host with an optional port and nothing else', () => {
    for (const ok of ['', '192.168.1.50', '192.168.1.50:9100', 'printer-1.local:9100'])
      expect(printerAddressOk(ok)).toBe(true);
    for (const bad of [
      'http://192.168.1.50',
      '192.168.1.50:0',
      '192.168.1.50:70000',
      '192.168.1.50:',
      '10.0.0.1/24',
      '打印机',
    ])
      expect(printerAddressOk(bad)).toBe(false);
  });
});
