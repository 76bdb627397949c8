import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../main/services/audit-port';
import {
  CONNECTION_FAILURE_LIMIT,
  hashPin,
  LOCKOUT_STEPS_MS,
  pinMatches,
  TechnicianService,
  TERMINAL_FAILURE_LIMIT,
  UNLOCK_IDLE_MS,
  type TechnicianDeps,
} from '../../../main/services/technician-service';
import { openDatabase } from '../../../main/store/database';
import { memoryLockoutStore, sqliteLockoutStore } from '../../../main/store/technician-lockout-store';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function service(over: Partial<TechnicianDeps> = {}, clock = { now: 1_000_000 }) {
  const calls: string[] = [];
  const audit: AuditEvent[] = [];
  const s = new TechnicianService({
    pinHash: null,
    demo: true,
    station: { name: '样板村', regionCode: '430121100201' },
    now: () => clock.now,
    lockouts: memoryLockoutStore(),
    audit: { record: (e) => audit.push(e) },
    enrol: async () => {
      calls.push('enrol');
      return { ok: true, value: { deviceId: 'd1', platformUrl: 'http://127.0.0.1:9' } };
    },
    syncNow: async () => {
      calls.push('sync');
      return { ok: true, acked: 0, rejected: 0, message: null };
    },
    status: () => {
      throw new Error('not used');
    },
    ...over,
  });
  return { s, calls, clock, audit };
}

const enrolArgs = (platform: string) => ({ platform, code: 'ABCD', regionCode: '430121100201', stationName: 'x' });

describe('TechnicianService', () => {
  it('hashes PINs with a salt and verifies them in constant time', () => {
    const h = hashPin('246802', randomBytes(16));
    expect(h).toMatch(/^scrypt\$/);
    expect(h).not.toContain('246802');
    expect(pinMatches('246802', h)).toBe(true);
    expect(pinMatches('246801', h)).toBe(false);
    expect(pinMatches('246802', 'garbage')).toBe(false);
  });

  it('accepts only the configured PIN of six digits or more; the demo PIN only on a demo terminal without one', () => {
    const configured = service({ pinHash: hashPin('246802', randomBytes(16)) }).s;
    expect(configured.unlock('a', '000000').ok).toBe(false);
    expect(configured.unlock('a', '246802').ok).toBe(true);
    const short = service({ pinHash: hashPin('2468', randomBytes(16)) }).s;
    expect(short.unlock('a', '2468').ok).toBe(false);
    const { s: real, audit } = service({ demo: false });
    expect(real.unlock('a', '000000')).toMatchObject({
      ok: false,
      error: { code: 'tech_pin_not_set', message: expect.stringContaining('还没有设置技术员密码') },
    });
    expect(audit).toEqual([
      {
        actor: { role: 'technician', id: 'technician' },
        action: 'technician.unlock_failed',
        object: 'connection:a',
        result: 'tech_pin_not_set',
      },
    ]);
  });

  it('locks a connection after three wrong PINs, the terminal after five, each lockout longer than the last', () => {
    const { s, clock, audit } = service();
    for (let i = 0; i < CONNECTION_FAILURE_LIMIT; i++)
      expect(s.unlock('a', '111111')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    // Connection a waits; another connection may still try.
    expect(s.unlock('a', '000000')).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(s.unlock('b', '111111').ok).toBe(false);
    expect(s.unlock('b', '111111')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    // Fifth failure at the terminal: everyone waits the first step (1 minute).
    expect(s.unlock('c', '000000')).toMatchObject({
      ok: false,
      error: { code: 'locked', message: expect.stringContaining('1分钟') },
    });
    clock.now += LOCKOUT_STEPS_MS[0] + 1;
    for (let i = 0; i < TERMINAL_FAILURE_LIMIT; i++) s.unlock(`x${i}`, '111111');
    // Second lockout in a row: five minutes, not one.
    clock.now += LOCKOUT_STEPS_MS[0] + 1;
    expect(s.unlock('d', '000000')).toMatchObject({ ok: false, error: { code: 'locked' } });
    clock.now += LOCKOUT_STEPS_MS[1];
    expect(s.unlock('d', '000000').ok).toBe(true);
    expect(audit.filter((e) => e.action === 'technician.lockout').map((e) => e.object)).toEqual([
      'connection:a',
      'terminal',
      'terminal',
    ]);
    expect(audit.filter((e) => e.action === 'technician.unlock_failed').length).toBeGreaterThanOrEqual(
      3 + 2 + 1 + 5 + 1,
    );
    expect(audit.at(-1)).toMatchObject({ action: 'technician.unlock', object: 'connection:d', result: 'ok' });
  });

  it('keeps the lockout across a restart (SQLite)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cunzhan-tech-'));
    dirs.push(dir);
    const clock = { now: 5_000_000 };
    const db = openDatabase(join(dir, 'db.sqlite'));
    const first = service({ lockouts: sqliteLockoutStore(db) }, clock).s;
    for (let i = 0; i < TERMINAL_FAILURE_LIMIT; i++) first.unlock(`c${i}`, '111111');
    db.close();
    const reopened = openDatabase(join(dir, 'db.sqlite'));
    const second = service({ lockouts: sqliteLockoutStore(reopened) }, clock).s;
    expect(second.unlock('fresh', '000000')).toMatchObject({ ok: false, error: { code: 'locked' } });
    clock.now += LOCKOUT_STEPS_MS[0] + 1;
    expect(second.unlock('fresh', '000000').ok).toBe(true);
    expect(sqliteLockoutStore(reopened).load()).toEqual({ failures: 0, level: 0, lockedUntilMs: 0 });
    reopened.close();
  });

  it('waits at most the longest step when the clock went back', () => {
    const lockouts = memoryLockoutStore();
    const clock = { now: 10_000_000 };
    lockouts.save({ failures: 0, level: 3, lockedUntilMs: clock.now + 10 * 365 * 24 * 3_600_000 });
    const { s } = service({ lockouts }, clock);
    expect(s.unlock('a', '000000')).toMatchObject({
      ok: false,
      error: { code: 'locked', message: expect.stringContaining('24小时') },
    });
    clock.now += LOCKOUT_STEPS_MS.at(-1)! + 1;
    expect(s.unlock('a', '000000').ok).toBe(true);
  });

  it('binds an unlock to its connection, drops it on disconnect and after idle', async () => {
    const { s, calls, clock, audit } = service();
    expect(s.unlock('a', '000000').ok).toBe(true);
    expect((await s.syncNow('a')).ok).toBe(true);
    expect(await s.syncNow('b')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    s.disconnect('a');
    expect((await s.syncNow('a')).ok).toBe(false);
    expect(s.unlock('a', '000000').ok).toBe(true);
    clock.now += UNLOCK_IDLE_MS - 1;
    expect((await s.syncNow('a')).ok).toBe(true);
    clock.now += UNLOCK_IDLE_MS + 1;
    expect(await s.syncNow('a')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(calls).toEqual(['sync', 'sync']);
    expect(audit.filter((e) => e.action === 'technician.lock').map((e) => e.result)).toEqual(['disconnected', 'idle']);
  });

  it('does nothing while locked, and locks again on request', async () => {
    const { s, calls } = service();
    expect(await s.enrol('a', enrolArgs('http://127.0.0.1:9'))).toMatchObject({ ok: false });
    expect(await s.syncNow('a')).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
    s.unlock('a', '000000');
    expect((await s.syncNow('a')).ok).toBe(true);
    s.lock('a');
    expect(await s.syncNow('a')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('a demo terminal enrols only with a platform on this machine', async () => {
    const { s, calls } = service();
    s.unlock('a', '000000');
    expect(await s.enrol('a', enrolArgs('https://platform.example.gov.cn'))).toMatchObject({
      ok: false,
      error: { code: 'demo_platform_refused' },
    });
    expect(calls).toEqual([]);
    expect((await s.enrol('a', enrolArgs('http://127.0.0.1:8080'))).ok).toBe(true);
    const real = service({ demo: false, pinHash: hashPin('246802', randomBytes(16)) });
    real.s.unlock('a', '246802');
    expect((await real.s.enrol('a', enrolArgs('https://platform.example.gov.cn'))).ok).toBe(true);
  });
});
