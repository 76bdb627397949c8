/** Text on the card is UCS-2 little-endian; rare characters (生僻字) arrive as surrogate pairs. */
export function decodeUcs2(bytes: Uint8Array, offset = 0, length = bytes.length - offset): string {
  const even = length - (length % 2);
  return Buffer.from(bytes.buffer, bytes.byteOffset + offset, even).toString('utf16le');
}

const PADDING = new Set([' ', '\u0000', '\u3000', '\t', '\r', '\n']);

/** Cards pad fields with spaces (some readers with NUL); strip both ends. */
export function trimPadding(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && PADDING.has(text[start]!)) start++;
  while (end > start && PADDING.has(text[end - 1]!)) end--;
  return text.slice(start, end);
}
