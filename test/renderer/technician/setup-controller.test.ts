import { describe, expect, it } from 'vitest';
import { zhCN } from '../../../renderer/i18n/zh-CN';
import { createSetupController } from '../../../renderer/technician/setup-controller';
import { fakeApi, ok } from '../fake-api';

const reader = {
  role: 'idcard' as const,
  what: '身份证读卡器（SAM 编号 05.01-20101101-0000000001，波特率 115200）',
  where: '/dev/serial/by-id/usb-Synjones_SAM_Reader-if00-port0',
  state: 'ok' as const,
  config: { kind: 'serial', port: '/dev/serial/by-id/usb-Synjones_SAM_Reader-if00-port0', baudRate: 115200 },
};

function setup(enrolled = false) {
  const fake = fakeApi({
    'tech.discover': () => ok({ devices: [reader] }),
    'tech.saveSetup': () => ok({ changed: ['devices', 'station'], restartNeeded: true }),
  });
  const status = {
    enrolled,
    stationName: '样板村便民服务站',
    regionCode: '430121100201',
  } as Parameters<typeof createSetupController>[2] extends () => infer S ? S : never;
  return {
    ...fake,
    s: createSetupController(
      fake.api,
      () => {},
      () => status,
    ),
  };
}

describe('wizard station details and printer address', () => {
  it('saves only what was typed, never the defaults of a fresh terminal, and names each wrong field', async () => {
    const { s, calls } = setup();
    await s.discover();
    await s.save();
    expect(calls.map((c) => c.method)).toEqual(['tech.discover']);
    expect(s.state.problems.value).toEqual(['stationName', 'regionCode']);
    expect(s.state.message.value).toEqual({ text: zhCN.setup.stationProblems, ok: false });

    s.setField('stationName', ' 桃源村便民服务站 ');
    s.setField('regionCode', '430121100202');
    s.setField('hotline', '12');
    await s.save();
    expect(s.state.problems.value).toEqual(['hotline']);
    s.setField('hotline', '0731-12345');
    await s.save();
    expect(calls.at(-1)).toEqual({
      method: 'tech.saveSetup',
      args: {
        stationName: '桃源村便民服务站',
        regionCode: '430121100202',
        hotline: '0731-12345',
        devices: { idcard: reader.config },
      },
    });
    expect(s.state.message.value).toEqual({ text: zhCN.setup.saved(true), ok: true });
  });

  it('offers an enrolled terminal its county station', async () => {
    const { s, calls } = setup(true);
    await s.save();
    expect(calls.at(-1)?.args).toMatchObject({ stationName: '样板村便民服务站', regionCode: '430121100201' });
  });

  it('passes a typed printer address to discovery, and refuses a malformed one before asking', async () => {
    const { s, calls } = setup();
    s.setField('printerAddress', 'http://192.168.1.50');
    await s.discover();
    expect(calls).toEqual([]);
    expect(s.state.problems.value).toEqual(['printerAddress']);
    s.setField('printerAddress', '192.168.1.50:9100');
    expect(s.state.problems.value).toEqual([]);
    await s.discover();
    expect(calls).toEqual([{ method: 'tech.discover', args: { printerAddress: '192.168.1.50:9100' } }]);
  });
});
