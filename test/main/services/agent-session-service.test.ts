import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCard } from '../../../drivers/sim/sample-cards';
import { identityFromSample } from '../../../main/host/devices';
import {
  AGENT_FAILURE_LIMIT,
  AGENT_HOST_IDLE_MS,
  AgentSessionService,
} from '../../../main/services/agent-session-service';
import type { AuditEvent } from '../../../main/services/audit-port';
import { SessionService } from '../../../main/services/session-service';
import { LOCKOUT_STEPS_MS } from '../../../main/services/technician-service';
import { sqliteAgentLockoutStore } from '../../../main/store/agent-lockout-store';
import { openDatabase } from '../../../main/store/database';
import { hashAgentIdNumber, hashAgentPin } from '../../../sync/platform/admin-api';
import { AGENT_HASH_ALG, AgentSchema, type Agent } from '../../../sync/protocol/wire';

const REGION = '430121100201';
const liu = sampleCard('agent-liu');
const zhou = sampleCard('agent-zhou');
const villager = sampleCard('resident-long-term');

/** A record as the reference platform publishes it (its own hashing: an independent check). */
function record(id: string, idNumber: string, over: Partial<Agent> & { pin?: string | null } = {}): Agent {
  const { pin = '135790', ...rest } = over;
  const salt = randomBytes(16).toString('hex');
  const pinSalt = randomBytes(16).toString('hex');
  return AgentSchema.parse({
    id,
    name: id === 'A001' ? '刘帮办' : '周代办',
    id_hash: hashAgentIdNumber(idNumber, salt),
    id_salt: salt,
    hash_alg: AGENT_HASH_ALG,
    roles: ['agent'],
    active: true,
    ...(pin ? { pin_salt: pinSalt, pin_hash: hashAgentPin(pin, pinSalt) } : {}),
    ...rest,
  });
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(agents: Agent[], clock = { now: 5_000_000 }) {
  const dir = mkdtempSync(join(tmpdir(), 'agent-session-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'db.sqlite'));
  const audit: AuditEvent[] = [];
  const sessions = new SessionService();
  const changes: (string | null)[] = [];
  const service = new AgentSessionService({
    agents: () => agents,
    station: { name: '样板村服务站', regionCode: REGION },
    sessions,
    lockouts: sqliteAgentLockoutStore(db),
    audit: { record: (e) => audit.push(e) },
    now: () => clock.now,
  });
  service.onChange((v) => changes.push(v?.agentId ?? null));
  const place = (card: typeof liu) => sessions.start(identityFromSample(card));
  return { db, dir, audit, sessions, service, changes, place, clock };
}

describe('agent sign-in', () => {
  const agents = [record('A001', liu.idNumber), record('A002', zhou.idNumber, { pin: '246802' })];

  it('signs in with the own card and PIN; the card does not stay a villager session', async () => {
    const t = setup(agents);
    t.place(zhou);
    const r = await t.service.signIn('c1', '246802');
    expect(r.ok && r.value).toMatchObject({ agentId: 'A002', maskedName: '周*办', roles: ['agent'], idleLockSec: 180 });
    expect(t.sessions.current).toBeNull();
    expect(t.changes).toEqual(['A002']);
    expect(t.audit.at(-1)).toMatchObject({
      actor: { role: 'agent', id: 'A002' },
      action: 'agent.sign_in',
      result: 'ok',
    });
    expect(JSON.stringify(t.audit)).not.toContain(zhou.idNumber);
    expect(JSON.stringify(t.audit)).not.toContain('周代办');
  });

  it('needs a card on the reader', async () => {
    const t = setup(agents);
    const r = await t.service.signIn('c1', '135790');
    expect(!r.ok && r.error.code).toBe('no_session');
  });

  it('refuses a villager card that is no agent, with a clear message and an audit entry', async () => {
    const t = setup(agents);
    t.place(villager);
    const r = await t.service.signIn('c1', '135790');
    expect(!r.ok && r.error).toMatchObject({ code: 'agent_unknown' });
    expect(!r.ok && r.error.message).toMatch(/不是登记过的站点工作人员/);
    expect(t.audit.at(-1)).toMatchObject({ action: 'agent.sign_in', result: 'agent_unknown' });
    expect(t.service.current('c1')).toBeNull();
  });

  it('refuses an inactive agent, one of another station, and one without a PIN', async () => {
    const cases: [Agent, string][] = [
      [record('A001', liu.idNumber, { active: false }), 'agent_inactive'],
      [record('A001', liu.idNumber, { station_region: '110101001001' }), 'agent_other_station'],
      [record('A001', liu.idNumber, { pin: null }), 'agent_pin_not_set'],
    ];
    for (const [agent, code] of cases) {
      const t = setup([agent]);
      t.place(liu);
      const r = await t.service.signIn('c1', '135790');
      expect(!r.ok && r.error.code).toBe(code);
      expect(t.audit.at(-1)).toMatchObject({ actor: { id: 'A001' }, result: code });
    }
    const home = setup([record('A001', liu.idNumber, { station_region: REGION })]);
    home.place(liu);
    expect((await home.service.signIn('c1', '135790')).ok).toBe(true);
  });

  it('counts wrong PINs per agent and locks like the technician PIN, across a restart', async () => {
    const t = setup(agents);
    for (let i = 1; i < AGENT_FAILURE_LIMIT; i += 1) {
      t.place(liu);
      const r = await t.service.signIn('c1', '000000');
      expect(!r.ok && r.error.code).toBe('unauthorized');
    }
    t.place(liu);
    const locked = await t.service.signIn('c1', '000000');
    expect(!locked.ok && locked.error).toMatchObject({ code: 'locked' });
    expect(!locked.ok && locked.error.message).toMatch(/1分钟后再试/);
    // The right PIN is refused while locked; the other agent is not affected.
    t.place(liu);
    expect(!(await t.service.signIn('c1', '135790')).ok).toBe(true);
    t.place(zhou);
    expect((await t.service.signIn('c2', '246802')).ok).toBe(true);
    // A second service on the same database (a restart) keeps the lock.
    const again = new AgentSessionService({
      agents: () => agents,
      station: { name: '样板村服务站', regionCode: REGION },
      sessions: t.sessions,
      lockouts: sqliteAgentLockoutStore(t.db),
      audit: { record: () => undefined },
      now: () => t.clock.now,
    });
    t.place(liu);
    expect(!(await again.signIn('c3', '135790')).ok).toBe(true);
    t.clock.now += LOCKOUT_STEPS_MS[0] + 1;
    t.place(liu);
    expect((await again.signIn('c3', '135790')).ok).toBe(true);
  });

  it('a PIN shorter than six digits is a wrong PIN, never checked as right', async () => {
    const t = setup([record('A001', liu.idNumber, { pin: '135790' })]);
    t.place(liu);
    const r = await t.service.signIn('c1', '13579');
    expect(!r.ok && r.error.code).toBe('unauthorized');
  });

  it('belongs to the screen that signed in; signs out, on disconnect and after the host idle limit', async () => {
    const t = setup(agents);
    t.place(liu);
    expect((await t.service.signIn('c1', '135790')).ok).toBe(true);
    expect(t.service.current('c2')).toBeNull();
    expect(!t.service.require('c2').ok).toBe(true);
    expect(t.service.signOut('c2')).toBe(false);
    expect(t.service.signOut('c1')).toBe(true);
    expect(t.audit.at(-1)).toMatchObject({ action: 'agent.sign_out', result: 'signed_out' });

    t.place(liu);
    await t.service.signIn('c1', '135790');
    t.service.disconnect('c1');
    expect(t.audit.at(-1)).toMatchObject({ action: 'agent.sign_out', result: 'disconnected' });

    t.place(liu);
    await t.service.signIn('c1', '135790');
    t.clock.now += AGENT_HOST_IDLE_MS + 1;
    const r = t.service.require('c1');
    expect(!r.ok && r.error.code).toBe('agent_required');
    expect(t.audit.at(-1)).toMatchObject({ action: 'agent.sign_out', result: 'idle' });
    expect(t.changes.at(-1)).toBeNull();
  });

  it('signing out ends the session of the villager whose card lay on the reader', async () => {
    const t = setup(agents);
    t.place(liu);
    await t.service.signIn('c1', '135790');
    t.place(villager);
    t.service.signOut('c1', 'idle');
    expect(t.sessions.current).toBeNull();
  });

  it('records each unmasked view by the signed-in agent, and refuses one without a sign-in', async () => {
    const t = setup(agents);
    expect(t.service.recordUnmaskedView('c1', 'tx-1').ok).toBe(false);
    t.place(liu);
    await t.service.signIn('c1', '135790');
    expect(t.service.recordUnmaskedView('c1', 'tx-1')).toEqual({ ok: true, value: { recorded: true } });
    expect(t.audit.at(-1)).toMatchObject({ actor: { id: 'A001' }, action: 'agent.view_unmasked', object: 'tx-1' });
  });
});
