import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../drivers/common/status';
import { IdCardReader, type IdCardReaderOptions } from '../../../drivers/idcard/driver';
import type { IdCardSourceEvents, IdentityCard } from '../../../drivers/idcard/identity';
import { IdCardSimulator } from '../../../drivers/sim/idcard-simulator';
import { PtyPair } from '../../../drivers/sim/pty-pair';
import { SAMPLE_CARDS, sampleCard } from '../../../drivers/sim/sample-cards';

interface Rig {
  pair: PtyPair;
  sim: IdCardSimulator;
  reader: IdCardReader;
  events: { name: keyof IdCardSourceEvents; value: unknown; at: number }[];
  logs: string[];
}

const rigs: Rig[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rig(options: Partial<IdCardReaderOptions> = {}): Promise<Rig> {
  const pair = await PtyPair.open();
  const sim = new IdCardSimulator({ pair });
  await sim.open();
  const logs: string[] = [];
  const logger = {
    warn: (obj: Record<string, unknown>, msg: string) => logs.push(JSON.stringify({ obj, msg })),
    info: (obj: Record<string, unknown>, msg: string) => logs.push(JSON.stringify({ obj, msg })),
  };
  const reader = new IdCardReader(
    { port: pair.hostPath, pollIntervalMs: 300, reconnectIntervalMs: 200, faultRetryMs: 300, ...options },
    logger,
  );
  const r: Rig = { pair, sim, reader, events: [], logs };
  for (const name of ['card', 'removed', 'status', 'readError'] as const) {
    reader.on(name, (value) => r.events.push({ name, value, at: performance.now() }));
  }
  rigs.push(r);
  await reader.start();
  return r;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.reader.stop();
    await r.sim.close();
    await r.pair.close();
  }
});

/** Resolves with the first event matching, counting from `from` in the event log. */
async function next<K extends keyof IdCardSourceEvents>(
  r: Rig,
  name: K,
  options: { from?: number; timeoutMs?: number; where?: (v: IdCardSourceEvents[K]) => boolean } = {},
): Promise<IdCardSourceEvents[K]> {
  const deadline = performance.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    const hit = r.events
      .slice(options.from ?? 0)
      .find((e) => e.name === name && (!options.where || options.where(e.value as IdCardSourceEvents[K])));
    if (hit) return hit.value as IdCardSourceEvents[K];
    if (performance.now() > deadline) throw new Error(`no ${name} event; saw ${r.events.map((e) => e.name).join(',')}`);
    await sleep(20);
  }
}
const count = (r: Rig, name: keyof IdCardSourceEvents) => r.events.filter((e) => e.name === name).length;
const isState = (state: DeviceStatus['state']) => (s: DeviceStatus) => s.state === state;

describe('IdCardReader over a real pty with the simulator', () => {
  it('reads every card type end to end, once per placement', async () => {
    const r = await rig();
    expect(r.reader.status.state).toBe('ready');
    for (const sample of SAMPLE_CARDS) {
      const from = r.events.length;
      r.sim.placeCard(sample.card);
      const card = await next(r, 'card', { from });
      expect(card).toMatchObject({
        cardType: sample.card.cardType,
        name: sample.card.name,
        idNumber: sample.card.idNumber,
        birthDate: sample.card.birthDate,
        validUntil: sample.card.validUntil,
        warnings: [],
      });
      expect(card.photoWlt?.length).toBe(1024);
      r.sim.removeCard();
      await next(r, 'removed', { from });
    }
    expect(count(r, 'card')).toBe(SAMPLE_CARDS.length);
    expect(count(r, 'removed')).toBe(SAMPLE_CARDS.length);
    // The logger saw codes and counts, never the people on the cards.
    const logText = r.logs.join('\n');
    for (const s of SAMPLE_CARDS) {
      expect(logText).not.toContain(s.card.idNumber);
      expect(logText).not.toContain(s.card.name);
    }
  });

  it('does not fire again for a card left on the reader, but keeps polling', async () => {
    const r = await rig();
    r.sim.placeCard(sampleCard('resident-long-term'));
    await next(r, 'card');
    const findsBefore = r.sim.log.filter((c) => c === '20 01').length;
    await sleep(1500);
    expect(count(r, 'card')).toBe(1);
    expect(count(r, 'removed')).toBe(0);
    const finds = r.sim.log.filter((c) => c === '20 01').length - findsBefore;
    // 1500 ms at a 300 ms interval: about five polls, never a busy loop.
    expect(finds).toBeGreaterThanOrEqual(3);
    expect(finds).toBeLessThanOrEqual(7);
  });

  it('survives the port vanishing and coming back, without a restart', async () => {
    const r = await rig();
    r.sim.placeCard(sampleCard('resident-twenty-years'));
    await next(r, 'card');
    const from = r.events.length;
    await r.sim.unplug();
    await next(r, 'status', { from, where: isState('disconnected') });
    // The card's fate is unknown while unplugged: the host is told it left.
    await next(r, 'removed', { from });
    await sleep(600);
    await r.sim.replug();
    await next(r, 'status', { from, where: isState('ready'), timeoutMs: 5000 });
    const again = await next(r, 'card', { from });
    expect(again.name).toBe('王测试');
  });

  it('waits for a port that does not exist yet', async () => {
    const pair = await PtyPair.open();
    await pair.unplug();
    const sim = new IdCardSimulator({ pair });
    const logs: string[] = [];
    const reader = new IdCardReader({ port: pair.hostPath, pollIntervalMs: 300, reconnectIntervalMs: 200 });
    rigs.push({ pair, sim, reader, events: [], logs });
    const statuses: string[] = [];
    reader.on('status', (s) => statuses.push(s.state));
    await reader.start();
    expect(reader.status.state).toBe('disconnected');
    await sim.replug();
    for (let i = 0; i < 100 && reader.status.state !== 'ready'; i++) await sleep(50);
    expect(reader.status.state).toBe('ready');
  });

  it('resets the SAM on a self-test failure and reports fault then ready', async () => {
    const r = await rig();
    const from = r.events.length;
    r.sim.setSamError(0x60, { clearedByReset: true });
    const fault = await next(r, 'status', { from, where: isState('fault') });
    expect(fault).toMatchObject({ state: 'fault', code: 'sam_self_test_failed' });
    await next(r, 'status', { from, where: isState('ready') });
    expect(r.sim.log).toContain('10 FF');
    r.sim.placeCard(sampleCard('resident-long-term'));
    await next(r, 'card', { from });
  });

  it('stays in fault while the SAM stays unauthorised, and recovers when it is fixed', async () => {
    const r = await rig();
    const from = r.events.length;
    r.sim.setSamError(0x66);
    await next(r, 'status', { from, where: (s) => s.state === 'fault' && s.code === 'sam_not_authorised' });
    await sleep(800);
    expect(r.reader.status.state).toBe('fault');
    const resets = r.sim.log.filter((c) => c === '10 FF').length;
    expect(resets).toBeGreaterThanOrEqual(2);
    r.sim.setSamError(null);
    await next(r, 'status', { from: r.events.length - 1, where: isState('ready') });
  });

  it('leaves a SAM fault for disconnected when the reader is unplugged, and is ready after replug', async () => {
    const r = await rig();
    const from = r.events.length;
    r.sim.setSamError(0x60);
    await next(r, 'status', { from, where: isState('fault') });
    await r.sim.unplug();
    await next(r, 'status', { from, where: isState('disconnected'), timeoutMs: 6000 });
    r.sim.setSamError(null);
    await r.sim.replug();
    await next(r, 'status', { from, where: isState('ready'), timeoutMs: 6000 });
  });

  it('retries a failed read once, then asks for the card to be placed again', async () => {
    const r = await rig();
    r.sim.failNext('read', 0x41, 1);
    r.sim.placeCard(sampleCard('resident-long-term'));
    await next(r, 'card');
    expect(count(r, 'readError')).toBe(0);

    r.sim.removeCard();
    await next(r, 'removed');
    const from = r.events.length;
    r.sim.failNext('read', 0x33, 2);
    r.sim.placeCard(sampleCard('resident-long-term'));
    const error = await next(r, 'readError', { from });
    expect(error).toMatchObject({ code: 'verification_failed' });
    expect(error.message).toMatch(/重新放好/);
    await sleep(900);
    expect(count(r, 'card')).toBe(1);
    r.sim.removeCard();
    await next(r, 'removed', { from });
    r.sim.placeCard(sampleCard('resident-long-term'));
    await next(r, 'card', { from });
  });

  it('reads through fragmented, slow, noisy delivery', async () => {
    const r = await rig();
    r.sim.faults = { ...r.sim.faults, chunkSize: 5, chunkDelayMs: 1, garbageBytes: 9 };
    r.sim.placeCard(sampleCard('foreign-permanent-2023'));
    const card = await next(r, 'card', { timeoutMs: 10_000 });
    expect(card.extra['englishName']).toBe(sampleCard('foreign-permanent-2023').extra!['englishName']);
  });

  it('recovers from a bad checksum and a wrong length without reporting a bad card', async () => {
    const r = await rig();
    r.sim.corruptNext('read', 1);
    r.sim.wrongLengthNext('select', 1);
    r.sim.placeCard(sampleCard('hk-mo-tw-residence'));
    const card = await next(r, 'card', { timeoutMs: 6000 });
    expect(card.extra).toMatchObject({ passNumber: 'H90000001' });
    expect(card.warnings).toEqual([]);
    expect(count(r, 'readError')).toBe(0);
    expect(r.sim.log.filter((c) => c === '30 01').length).toBe(2);
  });

  it('treats a reader that stops answering as lost and reconnects', async () => {
    const r = await rig({ lostAfterTimeouts: 2 });
    const from = r.events.length;
    r.sim.silenceNext('find', 2);
    await next(r, 'status', { from, where: isState('disconnected'), timeoutMs: 5000 });
    await next(r, 'status', { from, where: isState('ready'), timeoutMs: 5000 });
  });

  it('reads fingerprints and the appended address when configured', async () => {
    const r = await rig({ readFingerprint: true, readAppendedAddress: true });
    r.sim.placeCard(sampleCard('resident-twenty-years'));
    const card: IdentityCard = await next(r, 'card');
    expect(card.fingerprint?.length).toBe(512);
    expect(card.extra['appendedAddress']).toBe('贵州省凯里市样例街道试点社区9栋');
    expect(r.sim.log).toContain('30 10');
    expect(r.sim.log).toContain('30 03');
  });

  it('stops promptly even in the middle of a slow read', async () => {
    const r = await rig();
    r.sim.faults = { ...r.sim.faults, readDelayMs: 2500 };
    r.sim.placeCard(sampleCard('resident-long-term'));
    await next(r, 'status', { where: isState('busy') });
    const t0 = performance.now();
    await r.reader.stop();
    expect(performance.now() - t0).toBeLessThan(500);
    expect(r.reader.status.state).toBe('disconnected');
    expect(count(r, 'card')).toBe(0);
  });

  it.each([50, Number.NaN])('never polls faster than 300 ms (configured %s)', async (pollIntervalMs) => {
    const r = await rig({ pollIntervalMs });
    const before = r.sim.log.length;
    await sleep(1000);
    expect(r.sim.log.length - before).toBeLessThanOrEqual(4);
  });
});
