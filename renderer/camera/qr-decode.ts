import type { DecodeHintType, LuminanceSource, Reader, Result } from '@zxing/library';
import {
  BinaryBitmap,
  ChecksumException,
  FormatException,
  HybridBinarizer,
  NotFoundException,
  QRCodeReader,
  ResultMetadataType,
} from '@zxing/library';

/** What the camera hands on: zxing's text, and the raw bytes when the QR had byte segments. */
export interface CameraCode {
  readonly text: string;
  /**
   * Byte-mode content as base64. zxing guesses only UTF-8 / Shift_JIS / ISO-8859-1 for byte mode
   * without ECI, so GBK codes come out as mojibake in `text`; the host re-decodes these bytes
   * (strict UTF-8, else GB18030) with the same pipeline as the hardware scanners.
   */
  readonly rawBytesBase64: string | null;
}

/**
 * The fast path: QRCodeReader directly. A MultiFormatReader trying every format spends hundreds
 * of milliseconds on frames without a code and logs a warning per failed frame in
 * @zxing/library 0.23 (zxing-js/library#648); QR-only stays at a few milliseconds.
 */
export function createQrOnlyReader(): { reader: Reader; hints: Map<DecodeHintType, unknown> } {
  return { reader: new QRCodeReader(), hints: new Map<DecodeHintType, unknown>() };
}

/** Decodes one frame; null when the frame holds no readable QR code (the usual case). */
export function decodeFrame(
  reader: Reader,
  source: LuminanceSource,
  hints?: Map<DecodeHintType, unknown>,
): CameraCode | null {
  try {
    const result = reader.decode(new BinaryBitmap(new HybridBinarizer(source)), hints);
    return { text: result.getText(), rawBytesBase64: rawBytesBase64(result) };
  } catch (error) {
    if (error instanceof NotFoundException || error instanceof ChecksumException || error instanceof FormatException)
      return null;
    throw error;
  } finally {
    reader.reset();
  }
}

/**
 * The byte segments zxing reports for a result, concatenated, as base64; null when there are none,
 * or when they are not the whole code. zxing lists byte-mode segments only: a code whose encoder
 * also used numeric, alphanumeric or kanji segments for some runs (QR encoders do, to save space)
 * would lose those runs if the host decoded these bytes alone. A CI run read an enrolment code
 * that way and the host refused it (这不是注册码).
 */
export function rawBytesBase64(result: Result): string | null {
  const segments = result.getResultMetadata()?.get(ResultMetadataType.BYTE_SEGMENTS) as Uint8Array[] | undefined;
  if (!segments || segments.length === 0) return null;
  const bytes = new Uint8Array(segments.reduce((n, s) => n + s.length, 0));
  let at = 0;
  for (const segment of segments) {
    bytes.set(segment, at);
    at += segment.length;
  }
  if (bytes.length === 0 || !bytesAreWholeCode(bytes, result.getText())) return null;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Each byte-mode byte gives at most one character, so more characters than bytes means other
 * segments. Bytes that are valid UTF-8 are the whole code exactly when zxing's text is their
 * UTF-8 text (zxing picks UTF-8 for valid multi-byte UTF-8, and ASCII reads the same either way).
 * Bytes that are not UTF-8 (GBK) are what zxing turned into mojibake: the host re-decodes them.
 */
export function bytesAreWholeCode(bytes: Uint8Array, text: string): boolean {
  if ([...text].length > bytes.length) return false;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes) === text;
  } catch {
    return true;
  }
}
