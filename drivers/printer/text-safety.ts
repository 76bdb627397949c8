/**
 * Caller text (names, service titles, notes) is untrusted: it may hold control bytes, ESC
 * sequences, bidi overrides or line separators pasted from elsewhere. Everything that is not a
 * visible character becomes a space, so no byte below 0x20 ever reaches the printer from text
 * and a single field can never add lines or commands.
 */
const invisible = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/gu;

export function sanitiseText(text: string, maxChars = 2000): string {
  const chars = Array.from(text.replace(invisible, ' ').replace(/\p{Zs}/gu, ' '));
  return chars.length > maxChars ? chars.slice(0, maxChars - 1).join('') + '…' : chars.join('');
}

/** QR content is carried as UTF-8; only printable characters, and a size any printer accepts. */
export function sanitiseQrContent(text: string, maxBytes = 600): string {
  let out = text.replace(invisible, '');
  while (Buffer.byteLength(out, 'utf8') > maxBytes) out = Array.from(out).slice(0, -1).join('');
  return out;
}
