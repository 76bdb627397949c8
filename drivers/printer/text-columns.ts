/**
 * Width in Font A columns (12 dots): ASCII takes one, every other character two — the printer
 * prints any GB double-byte code as a 24×24 glyph, and raster glyphs are drawn in the same cell.
 */
export function charColumns(ch: string): 1 | 2 {
  const cp = ch.codePointAt(0) ?? 0;
  return cp >= 0x20 && cp <= 0x7e ? 1 : 2;
}

export function textColumns(text: string): number {
  let n = 0;
  for (const ch of text) n += charColumns(ch);
  return n;
}

/**
 * Splits text into lines of at most `width` columns without ever splitting a character. Breaks
 * at the last space of a Latin run when one exists in the line, otherwise between characters.
 */
export function wrapText(text: string, width: number): string[] {
  if (width < 2) throw new RangeError('width must allow one double-width character');
  const lines: string[] = [];
  let line: string[] = [];
  let used = 0;
  for (const ch of text) {
    const w = charColumns(ch);
    if (used + w > width) {
      const space = line.lastIndexOf(' ');
      if (ch !== ' ' && space > 0 && line.slice(space + 1).every((c) => charColumns(c) === 1)) {
        lines.push(line.slice(0, space).join('').trimEnd());
        line = line.slice(space + 1);
      } else {
        lines.push(line.join('').trimEnd());
        line = [];
      }
      used = textColumns(line.join(''));
      if (ch === ' ' && line.length === 0) continue;
    }
    line.push(ch);
    used += w;
  }
  if (line.length > 0 || lines.length === 0) lines.push(line.join('').trimEnd());
  return keepPunctuationAttached(lines, width);
}

/** Closing punctuation may not start a line (避头): pull the previous line's last character down. */
const noLineStart = /^[，。、；：！？）》」』】’”…,.;:!?)\]]/u;

function keepPunctuationAttached(lines: string[], width: number): string[] {
  for (let i = 1; i < lines.length; i++) {
    const prev = Array.from(lines[i - 1]!);
    if (!noLineStart.test(lines[i]!) || prev.length < 2) continue;
    const moved = prev.pop()!;
    const next = moved + lines[i]!;
    if (textColumns(next) > width) continue;
    lines[i - 1] = prev.join('');
    lines[i] = next;
  }
  return lines;
}

export function padToColumns(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textColumns(text)));
}
