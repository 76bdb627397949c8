import { describe, expect, it } from 'vitest';
import {
  decodeAppendedAddress,
  decodeFindCard,
  decodeRead,
  decodeSamId,
  decodeSimpleOk,
  formatSamId,
  splitResponse,
  type SamResponse,
} from '../../../drivers/idcard/commands';
import { encodeFrame, parseWholeFrame } from '../../../drivers/idcard/frame';
import { encodeAppendedAddress, encodeTextBlock, type SimCard } from '../../../drivers/sim/idcard-encoder';
import { readPayload } from '../../../drivers/sim/idcard-simulator';
import { sampleCard } from '../../../drivers/sim/sample-cards';

const hex = (s: string) =>
  Uint8Array.from(
    s
      .trim()
      .split(/\s+/)
      .map((b) => parseInt(b, 16)),
  );

function response(frameHex: string | Uint8Array): SamResponse {
  const frame = parseWholeFrame(typeof frameHex === 'string' ? hex(frameHex) : frameHex);
  if (!frame) throw new Error('test frame invalid');
  const r = splitResponse(frame);
  if (!r.ok) throw new Error('test frame too short');
  return r.value;
}

function answer(sw3: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[2] = sw3;
  body.set(data, 3);
  return encodeFrame(body);
}

describe('SAM reset and status', () => {
  it('status OK and self-test failure', () => {
    expect(decodeSimpleOk(response('AA AA AA 96 69 00 04 00 00 90 94'))).toEqual({ ok: true, value: undefined });
    const failed = decodeSimpleOk(response('AA AA AA 96 69 00 04 00 00 60 64'));
    expect(failed).toMatchObject({ ok: false, error: { code: 'sam_self_test_failed' } });
  });

  it('rejects a body shorter than SW1 SW2 SW3', () => {
    expect(splitResponse({ body: Uint8Array.of(0, 0) })).toMatchObject({
      ok: false,
      error: { code: 'malformed_response' },
    });
  });
});

describe('SAM serial number', () => {
  // Invented module data: version 05.01, then u32le fields printed in decimal.
  const data = Uint8Array.of(
    0x05,
    0xee,
    0x01,
    0xee,
    0x08,
    0xb9,
    0x32,
    0x01,
    0x2b,
    0x7b,
    0x5d,
    0x04,
    0x33,
    0x1e,
    0x8f,
    0x73,
  );
  it('is printed as vendors print it', () => {
    expect(formatSamId(data)).toBe(
      `05.01-${String(0x0132b908).padStart(8, '0')}-${String(0x045d7b2b).padStart(10, '0')}-${String(0x738f1e33).padStart(10, '0')}`,
    );
    expect(formatSamId(data)).toMatch(/^05\.01-\d{8}-\d{10}-\d{10}$/);
  });
  it('decodes from a frame and refuses short data', () => {
    expect(decodeSamId(response(answer(0x90, data)))).toEqual({ ok: true, value: formatSamId(data) });
    expect(decodeSamId(response(answer(0x90, data.slice(0, 8))))).toMatchObject({
      ok: false,
      error: { code: 'malformed_response' },
    });
    expect(decodeSamId(response(answer(0x60)))).toMatchObject({ ok: false, error: { code: 'sam_self_test_failed' } });
  });
});

describe('find and select', () => {
  it('find: present, absent, other status', () => {
    expect(decodeFindCard(response('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97'))).toEqual({
      ok: true,
      value: 'present',
    });
    expect(decodeFindCard(response('AA AA AA 96 69 00 04 00 00 80 84'))).toEqual({ ok: true, value: 'absent' });
    expect(decodeFindCard(response(answer(0x66)))).toMatchObject({ ok: false, error: { code: 'sam_not_authorised' } });
  });
  it('select: OK and failed', () => {
    expect(decodeSimpleOk(response('AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C'))).toEqual({
      ok: true,
      value: undefined,
    });
    expect(decodeSimpleOk(response('AA AA AA 96 69 00 04 00 00 81 85'))).toMatchObject({
      ok: false,
      error: { code: 'card_select_failed' },
    });
  });
});

describe('read text + photo (30 01)', () => {
  const card = sampleCard('resident-long-term');
  const frame = answer(0x90, readPayload(card, false));

  it('is a 1295-byte frame with the documented header', () => {
    expect(frame.length).toBe(1295);
    expect(frame.slice(0, 14)).toEqual(hex('AA AA AA 96 69 05 08 00 00 90 01 00 04 00'));
  });

  it('splits into 256 text and 1024 photo bytes starting with WLf', () => {
    const r = decodeRead(response(frame), false);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.text).toEqual(encodeTextBlock(card));
    expect(r.value.photo.length).toBe(1024);
    expect(Buffer.from(r.value.photo.slice(0, 3)).toString('latin1')).toBe('WLf');
    expect(r.value.fingerprint).toBeNull();
  });

  it('refuses length words that disagree with the data', () => {
    const payload = readPayload(card, false);
    payload[3] = 0x01; // photo length 1025
    expect(decodeRead(response(answer(0x90, payload)), false)).toMatchObject({
      ok: false,
      error: { code: 'malformed_response' },
    });
    expect(decodeRead(response(answer(0x90, Uint8Array.of(1))), false)).toMatchObject({
      ok: false,
      error: { code: 'malformed_response' },
    });
  });

  it('read failure', () => {
    expect(decodeRead(response('AA AA AA 96 69 00 04 00 00 41 45'), false)).toMatchObject({
      ok: false,
      error: { code: 'card_read_failed' },
    });
  });
});

describe('read text + photo + fingerprint (30 10)', () => {
  it.each([
    [0, 1297],
    [1, 1809],
    [2, 2321],
  ] as const)('%i enrolled fingerprints → %i-byte frame, block length honoured', (fingers, total) => {
    const card: SimCard = { ...sampleCard('resident-long-term'), fingerprints: fingers };
    const frame = answer(0x90, readPayload(card, true));
    expect(frame.length).toBe(total);
    if (fingers === 2) expect(frame.slice(0, 16)).toEqual(hex('AA AA AA 96 69 09 0A 00 00 90 01 00 04 00 04 00'));
    const r = decodeRead(response(frame), true);
    expect(r.ok && r.value.fingerprint?.length).toBe(512 * fingers);
  });
});

describe('appended address (30 03)', () => {
  it('decodes 70 bytes of UCS-2LE, or none on SW3 91', () => {
    const data = encodeAppendedAddress('示例省示例县新址路8号');
    expect(data.length).toBe(70);
    expect(decodeAppendedAddress(response(answer(0x90, data)))).toEqual({ ok: true, value: '示例省示例县新址路8号' });
    expect(decodeAppendedAddress(response(answer(0x91)))).toEqual({ ok: true, value: null });
    expect(decodeAppendedAddress(response(answer(0x41)))).toMatchObject({
      ok: false,
      error: { code: 'card_read_failed' },
    });
  });
});
