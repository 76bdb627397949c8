import type { PrintErrorCode } from './receipt-printer';

/** Plain Chinese for the villager: the application is safe, the agent can reprint. */
export const printErrorMessages: Record<PrintErrorCode, string> = {
  paper_out: '打印纸用完了。您的申请已经保存，请找工作人员换纸后补打回执。',
  cover_open: '打印机盖没有关好。您的申请已经保存，请找工作人员处理后补打回执。',
  printer_offline: '打印机暂时不能用。您的申请已经保存，请找工作人员补打回执。',
  printer_error: '打印机出了故障。您的申请已经保存，请找工作人员补打回执。',
  printer_timeout: '打印机没有响应。您的申请已经保存，请找工作人员补打回执。',
  printer_disconnected: '打印机没有连接。您的申请已经保存，请找工作人员补打回执。',
};
