import type { ReceiptData } from './receipt-data';
import { paperGeometry, type PaperWidth, type ReceiptLine } from './receipt-document';
import { sanitiseQrContent, sanitiseText } from './text-safety';
import { textColumns, wrapText } from './text-columns';

/** Lines of a label/value row: the value wraps under itself, never under the label. */
export function labelValueRow(label: string, value: string, columns: number, maxChars = 120): ReceiptLine[] {
  const safeLabel = sanitiseText(label, 20);
  const indent = textColumns(safeLabel);
  const valueWidth = columns - indent;
  const safeValue = sanitiseText(value, maxChars);
  if (valueWidth < columns / 2) return wrapText(`${safeLabel}${safeValue}`, columns).map(left);
  // A number too long for the value column but short enough for a line stays in one piece.
  const width = textColumns(safeValue);
  if (width > valueWidth && width <= columns && /^[\x21-\x7e]+$/.test(safeValue))
    return [left(safeLabel), left(safeValue)];
  return wrapText(safeValue, valueWidth).map((part, i) => left(i === 0 ? safeLabel + part : ' '.repeat(indent) + part));
}

function left(text: string): ReceiptLine {
  return { kind: 'text', text, align: 'left' };
}

function centred(text: string, columns: number, opts: { bold?: boolean; size?: 1 | 2 } = {}): ReceiptLine[] {
  const size = opts.size ?? 1;
  return wrapText(sanitiseText(text, 80), Math.floor(columns / size)).map((t) => ({
    kind: 'text',
    text: t,
    align: 'center',
    ...opts,
  }));
}

/**
 * The villager's receipt (回执): what was accepted, where, when and under which number, how to
 * follow it (QR read back by the terminal's scanner), and whom to call. Fields are capped (with …)
 * so that a runaway value can never waste a roll of paper; real values are far shorter.
 */
export function layoutReceipt(r: ReceiptData, paper: PaperWidth): ReceiptLine[] {
  const { columns, qrModuleSize } = paperGeometry(paper);
  const lines: ReceiptLine[] = [];
  const title = r.title ?? '受理回执';
  lines.push(...centred(r.reprint ? `${title}（补打）` : title, columns, { bold: true, size: 2 }));
  lines.push(...centred(r.stationName, columns));
  lines.push({ kind: 'rule' });
  lines.push(...labelValueRow('办理事项：', r.serviceName, columns));
  if (r.localNumber) lines.push(...labelValueRow('受理编号：', r.localNumber, columns));
  if (r.platformNumber) lines.push(...labelValueRow('平台编号：', r.platformNumber, columns));
  // A summary (日结) concerns no one villager: it has no name or ID rows.
  if (r.maskedName) lines.push(...labelValueRow('姓    名：', r.maskedName, columns, 40));
  if (r.maskedIdNumber) lines.push(...labelValueRow('证件号码：', r.maskedIdNumber, columns, 40));
  lines.push(...labelValueRow('办理时间：', r.clockTrusted ? r.time : `${r.time}（终端时间未校准）`, columns));
  if (r.agentName) lines.push(...labelValueRow(agentLabel(r), agentText(r), columns, 40));
  for (const note of r.notes.slice(0, 10)) lines.push(...wrapText(sanitiseText(note, 200), columns).map(left));
  lines.push({ kind: 'rule' });
  const qr = sanitiseQrContent(r.qrContent, 300);
  if (qr.length > 0) {
    lines.push({ kind: 'qr', content: qr, moduleSize: qrModuleSize, errorCorrection: 'M' });
    lines.push(...centred('请在本站终端扫码查询办理进度', columns));
    lines.push({ kind: 'rule' });
  }
  lines.push(...labelValueRow('咨询电话：', r.hotline, columns, 40));
  if (r.ratingInvitation) lines.push(...wrapText(sanitiseText(r.ratingInvitation, 200), columns).map(left));
  if (r.reprint) lines.push(...centred(`补打 ${r.time}`, columns));
  lines.push({ kind: 'feed', lines: 2 });
  return lines;
}

/** A short self-test page for technicians (no personal data). */
export function layoutTestPage(paper: PaperWidth, now: string): ReceiptLine[] {
  const { columns, qrModuleSize } = paperGeometry(paper);
  return [
    ...centred('打印机自检', columns, { bold: true, size: 2 }),
    ...labelValueRow('纸宽：', `${paper} mm，每行 ${columns} 列`, columns),
    ...labelValueRow('时间：', now, columns),
    { kind: 'rule' },
    ...wrapText('中文 ABC 123 汉字宽度两列，对齐测试：', columns).map(left),
    { kind: 'text', text: '左对齐', align: 'left' },
    { kind: 'text', text: '居中', align: 'center' },
    { kind: 'text', text: '右对齐', align: 'right' },
    { kind: 'text', text: '粗体 Bold', align: 'left', bold: true },
    { kind: 'qr', content: 'CUNZHAN-SELFTEST', moduleSize: qrModuleSize, errorCorrection: 'M' },
    { kind: 'barcode', data: 'CZ-0001' },
    { kind: 'feed', lines: 2 },
  ];
}

/** 帮办人 / 代办人 (issue #11); receipts from before carry no role and keep 代办人员. */
function agentLabel(r: ReceiptData): string {
  return r.agentRole === 'assist' ? '帮 办 人：' : r.agentRole === 'proxy' ? '代 办 人：' : '代办人员：';
}

function agentText(r: ReceiptData): string {
  return r.agentId ? `${r.agentName}（工号${r.agentId}）` : (r.agentName ?? '');
}
