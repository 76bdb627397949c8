import type { ReceiptData } from '../../drivers/printer/receipt-data';
import { chinaStamp } from '../../rules/clock';
import { receiptCode } from './receipt-code';

export interface StationInfo {
  readonly name: string;
  readonly regionCode: string;
  readonly hotline: string;
  /** The county's receipt header line (remote configuration `receipt_header`), when set. */
  readonly receiptHeader?: string;
}

/** Builds the receipt from already-masked transaction data. */
export function buildReceipt(
  station: StationInfo,
  tx: {
    localNumber: string;
    serviceName: string;
    maskedIdNumber: string;
    maskedName: string;
    createdAt: Date;
    clockTrusted: boolean;
    agentName: string | null;
    /** The agent who served (帮办/代办), printed with the masked name. */
    agentId?: string | null;
    agentMode?: 'assist' | 'proxy' | null;
    platformNumber: string | null;
    reprint: boolean;
  },
): ReceiptData {
  return {
    stationName: station.name,
    serviceName: tx.serviceName,
    localNumber: tx.localNumber,
    platformNumber: tx.platformNumber,
    maskedIdNumber: tx.maskedIdNumber,
    maskedName: tx.maskedName,
    time: chinaStamp(tx.createdAt.toISOString()),
    clockTrusted: tx.clockTrusted,
    qrContent: receiptCode(tx.localNumber),
    agentName: tx.agentName,
    ...(tx.agentName && tx.agentMode ? { agentRole: tx.agentMode, agentId: tx.agentId ?? null } : {}),
    hotline: station.hotline,
    ratingInvitation: '扫描本回执二维码可查询进度，欢迎对本次服务进行评价（好差评）',
    reprint: tx.reprint,
    notes: station.receiptHeader ? [station.receiptHeader] : [],
  };
}
