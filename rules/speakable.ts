/**
 * Mandarin engines read long digit runs as one big cardinal (13800138000 → 一百三十八亿…),
 * so numbers such as IDs, phones and receipt numbers are spoken digit by digit.
 */
export function speakable(text: string): string {
  return text.replace(/[0-9X]{4,}/g, (run) => run.split('').join(' '));
}
