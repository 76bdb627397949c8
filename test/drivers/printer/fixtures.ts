import type { ReceiptData } from '../../../drivers/printer/receipt-data';

export const RASTER_FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';

/** A synthetic villager; the masked ID belongs to nobody (invented, valid check digit). */
export function sampleReceipt(over: Partial<ReceiptData> = {}): ReceiptData {
  return {
    stationName: '长沙县黄兴镇石塘村便民服务站',
    serviceName: '城乡居民基本养老保险参保登记',
    localNumber: '4301210001-20261122-0007',
    platformNumber: null,
    maskedIdNumber: '4301**********0018',
    maskedName: '王*',
    time: '2026-11-22 10:31',
    clockTrusted: true,
    qrContent: 'CZ1:4301210001-20261122-0007',
    agentName: null,
    hotline: '0731-12345',
    ratingInvitation: '欢迎在终端上为本次服务评价（好差评）。',
    reprint: false,
    notes: [],
    ...over,
  };
}
