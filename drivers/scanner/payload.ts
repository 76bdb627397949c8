import iconv from 'iconv-lite';
import type { Result } from '../../rules/result';
import { err, ok } from '../../rules/result';

/**
 * Payload safety shared by every scan source (HID wedge, HID POS, serial, camera).
 * A scanned code is data from a stranger's piece of paper: it is decoded, bounded and stripped
 * before anything looks at it, and nothing here trusts its content.
 */

export type PayloadEncoding = 'utf-8' | 'gb18030' | 'text';

export interface Payload {
  readonly text: string;
  /** How the bytes were read; 'text' when a source (keyboard wedge, camera) delivered text. */
  readonly encoding: PayloadEncoding;
}

export interface PayloadLimits {
  /** Raw bytes accepted from a source for one code. */
  readonly maxBytes: number;
  /** Characters kept after decoding and stripping. */
  readonly maxChars: number;
}

/** QR version 40 holds at most 2,953 bytes; anything beyond that is not a single code. */
export const DEFAULT_LIMITS: PayloadLimits = { maxBytes: 3000, maxChars: 1024 };

export type PayloadErrorCode = 'payload_empty' | 'payload_too_long';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8 first; otherwise GB18030 (a superset of GBK/GB2312, which Chinese QR generators often use). */
export function decodeBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  const withoutBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: utf8.decode(withoutBom), encoding: 'utf-8' };
  } catch {
    return {
      text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'),
      encoding: 'gb18030',
    };
  }
}

/**
 * C0/C1 controls, DEL, and invisible characters that can reorder or hide text on screen
 * (bidi overrides and isolates, zero-width characters, BOM, line/paragraph separators).
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/gu;

export function stripControls(text: string): string {
  return text.replace(UNSAFE, '');
}

export function sanitiseText(
  text: string,
  encoding: PayloadEncoding,
  limits: PayloadLimits = DEFAULT_LIMITS,
): Result<Payload, PayloadErrorCode> {
  // Bound the work before the regex runs over a hostile string.
  if (text.length > limits.maxBytes) return tooLong();
  const clean = stripControls(text).trim();
  if (clean.length === 0) return err('payload_empty', '没有读到内容，请重新扫码。');
  if ([...clean].length > limits.maxChars) return tooLong();
  return ok({ text: clean, encoding });
}

export function payloadFromBytes(
  bytes: Uint8Array,
  limits: PayloadLimits = DEFAULT_LIMITS,
): Result<Payload, PayloadErrorCode> {
  if (bytes.length > limits.maxBytes) return tooLong();
  const { text, encoding } = decodeBytes(bytes);
  return sanitiseText(text, encoding, limits);
}

export function payloadFromText(
  text: string,
  limits: PayloadLimits = DEFAULT_LIMITS,
): Result<Payload, PayloadErrorCode> {
  return sanitiseText(text, 'text', limits);
}

function tooLong(): { readonly ok: false; readonly error: { code: 'payload_too_long'; message: string } } {
  return err('payload_too_long', '二维码内容太长，无法识别。');
}
