// Opaque change-feed cursors: a position in the platform's change log, bound to one device and to
// the current cursor epoch, stamped with the platform's issue time and authenticated with an HMAC.
// Never a timestamp of the terminal. A cursor the platform cannot honour answers 410
// cursor_expired, whose remedy (download everything again) is always safe.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface CursorState {
  pos: number;
  epoch: number;
  deviceId: string;
  issuedAtMs: number;
  /** Compaction generation when issued: only cursors from before a compaction can miss its tombstones. */
  compaction: number;
}

const MAC_BYTES = 16;

function mac(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, MAC_BYTES);
}

export function encodeCursor(secret: Buffer, s: CursorState): string {
  const payload = Buffer.from(
    JSON.stringify([1, s.pos, s.epoch, s.deviceId, s.issuedAtMs, s.compaction]),
    'utf8',
  ).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** Returns null when the cursor was not issued by this platform (bad shape or MAC). */
export function decodeCursor(secret: Buffer, cursor: string): CursorState | null {
  const dot = cursor.indexOf('.');
  if (dot <= 0) return null;
  const payload = cursor.slice(0, dot);
  const given = Buffer.from(cursor.slice(dot + 1), 'base64url');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const arr = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(arr) || arr[0] !== 1) return null;
    const [, pos, epoch, deviceId, issuedAtMs, compaction] = arr as [
      number,
      unknown,
      unknown,
      unknown,
      unknown,
      unknown,
    ];
    if (
      typeof pos !== 'number' ||
      typeof epoch !== 'number' ||
      typeof deviceId !== 'string' ||
      typeof issuedAtMs !== 'number' ||
      typeof compaction !== 'number'
    )
      return null;
    return { pos, epoch, deviceId, issuedAtMs, compaction };
  } catch {
    return null;
  }
}
