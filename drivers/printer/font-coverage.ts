import iconv from 'iconv-lite';

/** Which character set the printer's built-in font covers (per model; see docs/receipt-printer.md). */
export type FontCoverage = 'gb2312' | 'gbk' | 'gb18030';

function inRange(b: number, lo: number, hi: number): boolean {
  return b >= lo && b <= hi;
}

/** GBK user-defined areas: no printer font has glyphs there. */
function userDefined(lead: number, trail: number): boolean {
  return (
    (inRange(lead, 0xaa, 0xaf) && inRange(trail, 0xa1, 0xfe)) ||
    (inRange(lead, 0xf8, 0xfe) && inRange(trail, 0xa1, 0xfe)) ||
    (inRange(lead, 0xa1, 0xa7) && inRange(trail, 0x40, 0xa0))
  );
}

/**
 * True when the printer can print `ch` from its own font in Chinese mode. Printers read only
 * ASCII and the double-byte GB areas (SP91 manual: "GB18030 only supports double bytes"), so any
 * character that needs four bytes in GB18030 is never covered. For GBK models, FE50–FEA0 holds
 * the characters GB18030-2005 moved to CJK Ext-A (e.g. 䶮 U+4DAE at FE 9F); GBK fonts lack them.
 * GB2312 models know only rows A1–A9 and B0–F7 with trail bytes A1–FE (TP UP-PH manual).
 */
export function printerCovers(ch: string, coverage: FontCoverage): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x20 && cp <= 0x7e) return true;
  if (cp < 0x20 || cp === 0x7f) return false;
  const bytes = iconv.encode(ch, 'gb18030');
  if (bytes.length !== 2) return false;
  const lead = bytes[0] ?? 0;
  const trail = bytes[1] ?? 0;
  if (userDefined(lead, trail)) return false;
  if (coverage === 'gb18030') return true;
  if (!iconv.encode(ch, 'gbk').equals(bytes)) return false;
  if (lead === 0xfe && inRange(trail, 0x50, 0xa0)) return false;
  if (coverage === 'gbk') return true;
  return (
    (inRange(lead, 0xa1, 0xa9) || inRange(lead, 0xb0, 0xf7)) &&
    inRange(trail, 0xa1, 0xfe) &&
    !(lead === 0xd7 && trail >= 0xfa)
  );
}

export function encodeGb18030(text: string): Buffer {
  return iconv.encode(text, 'gb18030');
}
