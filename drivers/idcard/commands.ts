import { err, ok, type Failure, type Result } from '../../rules/result';
import { encodeCommand, type Frame } from './frame';
import { describeSw3, SW3 } from './status-codes';
import { decodeUcs2, trimPadding } from './ucs2';

/**
 * Host → SAM commands (CMD, Para) and the decoders of their answers. Timeouts: the SAM answers
 * status/find/select within ~100 ms; a read needs the RF exchange with the card (up to ~2–3 s in
 * vendor code), so each command carries its own limit.
 */
export interface CommandSpec {
  readonly name: string;
  readonly cmd: number;
  readonly para: number;
  readonly timeoutMs: number;
}

export const COMMANDS = {
  resetSam: { name: 'reset_sam', cmd: 0x10, para: 0xff, timeoutMs: 2000 },
  samStatus: { name: 'sam_status', cmd: 0x11, para: 0xff, timeoutMs: 1000 },
  samId: { name: 'sam_id', cmd: 0x12, para: 0xff, timeoutMs: 1000 },
  findCard: { name: 'find_card', cmd: 0x20, para: 0x01, timeoutMs: 500 },
  selectCard: { name: 'select_card', cmd: 0x20, para: 0x02, timeoutMs: 500 },
  readBase: { name: 'read_text_photo', cmd: 0x30, para: 0x01, timeoutMs: 3000 },
  readWithFingerprint: { name: 'read_text_photo_fingerprint', cmd: 0x30, para: 0x10, timeoutMs: 4000 },
  readAppendedAddress: { name: 'read_appended_address', cmd: 0x30, para: 0x03, timeoutMs: 2000 },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export function commandFrame(spec: CommandSpec): Uint8Array {
  return encodeCommand(spec.cmd, spec.para);
}

/** SAM answer after the frame layer: SW1 SW2 SW3 and the data that follows. */
export interface SamResponse {
  readonly sw1: number;
  readonly sw2: number;
  readonly sw3: number;
  readonly data: Uint8Array;
}

export function splitResponse(frame: Frame): Result<SamResponse> {
  const b = frame.body;
  if (b.length < 3) return err('malformed_response', '读卡器应答格式不对，请重试');
  return ok({ sw1: b[0]!, sw2: b[1]!, sw3: b[2]!, data: b.subarray(3) });
}

function statusFailure(sw3: number): { ok: false; error: Failure } {
  const { code, message } = describeSw3(sw3);
  return err(code, message);
}

export function decodeSimpleOk(r: SamResponse): Result<void> {
  return r.sw3 === SW3.success ? ok(undefined) : statusFailure(r.sw3);
}

/** Formats the 16-byte SAM management info as vendor tools print "SAM 编号". */
export function formatSamId(data: Uint8Array): string {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return [
    `${hex(data[0]!)}.${hex(data[2]!)}`,
    String(view.getUint32(4, true)).padStart(8, '0'),
    String(view.getUint32(8, true)).padStart(10, '0'),
    String(view.getUint32(12, true)).padStart(10, '0'),
  ].join('-');
}

export function decodeSamId(r: SamResponse): Result<string> {
  if (r.sw3 !== SW3.success) return statusFailure(r.sw3);
  if (r.data.length < 16) return err('malformed_response', '读卡器编号长度不对');
  return ok(formatSamId(r.data));
}

export function decodeFindCard(r: SamResponse): Result<'present' | 'absent'> {
  if (r.sw3 === SW3.cardFound) return ok('present');
  if (r.sw3 === SW3.noCard) return ok('absent');
  return statusFailure(r.sw3);
}

export interface CardReadData {
  readonly text: Uint8Array;
  readonly photo: Uint8Array;
  /** null when the fingerprint command was not used; empty when none are enrolled. */
  readonly fingerprint: Uint8Array | null;
}

/**
 * Read answers begin with big-endian length words (text, photo[, fingerprint]) followed by the
 * blocks in that order. The lengths are honoured rather than assumed: fingerprint is 0, 512 or 1024.
 */
export function decodeRead(r: SamResponse, withFingerprint: boolean): Result<CardReadData> {
  if (r.sw3 !== SW3.success) return statusFailure(r.sw3);
  const words = withFingerprint ? 3 : 2;
  const d = r.data;
  if (d.length < words * 2) return err('malformed_response', '证件信息不完整，请把证件拿开后重新放好');
  const lengths: number[] = [];
  for (let i = 0; i < words; i++) lengths.push((d[i * 2]! << 8) | d[i * 2 + 1]!);
  const total = words * 2 + lengths.reduce((a, b) => a + b, 0);
  if (total !== d.length) return err('malformed_response', '证件信息长度不一致，请把证件拿开后重新放好');
  let at = words * 2;
  const take = (n: number) => {
    const block = d.slice(at, at + n);
    at += n;
    return block;
  };
  const text = take(lengths[0]!);
  const photo = take(lengths[1]!);
  const fingerprint = withFingerprint ? take(lengths[2]!) : null;
  return ok({ text, photo, fingerprint });
}

/** Appended (newer) address: 70 bytes UCS-2LE; SW3 91 means the card has none. */
export function decodeAppendedAddress(r: SamResponse): Result<string | null> {
  if (r.sw3 === SW3.noContent) return ok(null);
  if (r.sw3 !== SW3.success) return statusFailure(r.sw3);
  const text = trimPadding(decodeUcs2(r.data));
  return ok(text === '' ? null : text);
}
