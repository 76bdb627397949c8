/**
 * GA/T 467 SAM frame layer (pure). Both directions share one envelope:
 *   AA AA AA 96 69 · Len1 Len2 · body… · CHK
 * Len is big-endian and counts every byte after the length field, CHK included; CHK is the XOR
 * of Len1, Len2 and the body (SAM protocol, chapter 7 of GA/T 467 as reproduced by vendors).
 */
export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
/** Preamble + two length bytes. */
export const HEADER_LENGTH = 7;
/** The largest response a SAM sends is text + photo + two fingerprints: Len 0x090A. */
export const MAX_LEN = 0x0a00;

export function xorChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let chk = 0;
  for (let i = start; i < end; i++) chk ^= bytes[i]!;
  return chk;
}

/** Wrap a body (host: CMD Para Data…; SAM: SW1 SW2 SW3 Data…) in preamble, length and checksum. */
export function encodeFrame(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  if (len > 0xffff) throw new RangeError(`frame body too long: ${body.length}`);
  const frame = new Uint8Array(HEADER_LENGTH + len);
  frame.set(PREAMBLE, 0);
  frame[5] = len >> 8;
  frame[6] = len & 0xff;
  frame.set(body, HEADER_LENGTH);
  frame[frame.length - 1] = xorChecksum(frame, 5, frame.length - 1);
  return frame;
}

export function encodeCommand(cmd: number, para: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(2 + data.length);
  body[0] = cmd;
  body[1] = para;
  body.set(data, 2);
  return encodeFrame(body);
}

/** A complete frame that passed the length and checksum checks; `body` excludes the CHK byte. */
export interface Frame {
  readonly body: Uint8Array;
}

/** Validate one whole frame (used on the sim side and in tests); the de-framer is for streams. */
export function parseWholeFrame(frame: Uint8Array): Frame | null {
  if (frame.length < HEADER_LENGTH + 1) return null;
  for (let i = 0; i < PREAMBLE.length; i++) if (frame[i] !== PREAMBLE[i]) return null;
  const len = (frame[5]! << 8) | frame[6]!;
  if (frame.length !== HEADER_LENGTH + len || len < 1) return null;
  if (xorChecksum(frame, 5, frame.length - 1) !== frame[frame.length - 1]) return null;
  return { body: frame.slice(HEADER_LENGTH, frame.length - 1) };
}
