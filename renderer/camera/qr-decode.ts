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

/** Concatenates the byte segments zxing reports for a result, as base64; null when there are none. */
export function rawBytesBase64(result: Result): string | null {
  const segments = result.getResultMetadata()?.get(ResultMetadataType.BYTE_SEGMENTS) as Uint8Array[] | undefined;
  if (!segments || segments.length === 0) return null;
  let binary = '';
  for (const segment of segments) {
    for (let i = 0; i < segment.length; i++) binary += String.fromCharCode(segment[i]! & 0xff);
  }
  return binary.length > 0 ? btoa(binary) : null;
}
