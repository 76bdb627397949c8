import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SamSession } from '../../../drivers/idcard/sam-session';
import { SerialTransport } from '../../../drivers/idcard/serial-transport';
import { describeSw3, KNOWN_SW3 } from '../../../drivers/idcard/status-codes';
import { IdCardSimulator } from '../../../drivers/sim/idcard-simulator';
import { PtyPair } from '../../../drivers/sim/pty-pair';
import { sampleCard } from '../../../drivers/sim/sample-cards';

let pair: PtyPair;
let sim: IdCardSimulator;
let transport: SerialTransport;
let session: SamSession;

beforeEach(async () => {
  pair = await PtyPair.open();
  sim = new IdCardSimulator({ pair });
  await sim.open();
  transport = new SerialTransport({ path: pair.hostPath });
  expect((await transport.open()).ok).toBe(true);
  session = new SamSession(transport);
});

afterEach(async () => {
  await transport.close();
  await sim.close();
  await pair.close();
});

// Statuses that are not failures for the command at hand.
const neutral = new Set([0x90, 0x9f, 0x80, 0x91]);

describe('SamSession over a pty: every SW3 status on every command', () => {
  it('maps each injected status to its stable code', async () => {
    sim.placeCard(sampleCard('resident-twenty-years'));
    const failing = KNOWN_SW3.filter((s) => !neutral.has(s));
    expect(failing.length).toBeGreaterThan(10);
    for (const sw3 of failing) {
      const expected = describeSw3(sw3).code;
      sim.failNext('status', sw3);
      const status = await session.samStatus();
      expect(status.ok ? 'ok' : status.error.code).toBe(expected);
      sim.failNext('find', sw3);
      const find = await session.findCard();
      expect(find.ok ? 'ok' : find.error.code).toBe(expected);
      sim.failNext('select', sw3);
      const selected = await session.readCard();
      expect(selected.ok ? 'ok' : selected.error.code).toBe(expected);
      sim.failNext('read', sw3);
      const read = await session.readCard();
      expect(read.ok ? 'ok' : read.error.code).toBe(expected);
      sim.failNext('read_fp', sw3);
      const readFp = await session.readCard({ fingerprint: true });
      expect(readFp.ok ? 'ok' : readFp.error.code).toBe(expected);
    }
    // and the card still reads afterwards
    const card = await session.readCard({ fingerprint: true, appendedAddress: true });
    expect(card.ok && card.value.fingerprint?.length).toBe(512);
  });

  it('times out on silence, flags corrupted answers quickly, and reports a lost port', async () => {
    sim.silenceNext('find');
    const t0 = performance.now();
    expect(await session.findCard()).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(450);

    sim.placeCard(sampleCard('resident-long-term'));
    sim.corruptNext('read');
    const t1 = performance.now();
    expect(await session.readCard()).toMatchObject({ ok: false, error: { code: 'checksum_errors' } });
    expect(performance.now() - t1).toBeLessThan(1500); // well under the 3 s read timeout

    expect((await session.samId()).ok).toBe(true);
    await transport.close();
    expect(await session.findCard()).toMatchObject({ ok: false, error: { code: 'port_lost' } });
  });

  it('counts the bytes on the wire', async () => {
    sim.placeCard(sampleCard('resident-long-term'));
    await session.findCard();
    await session.readCard();
    expect(session.counters.bytesOut).toBe(30);
    expect(session.counters.bytesIn).toBe(15 + 19 + 1295);
  });
});
