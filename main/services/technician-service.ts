import { scryptSync, timingSafeEqual } from 'node:crypto';
import { isLoopbackUrl } from '../../rules/loopback';
import { failure, success, type ApiResult } from '../contract/result';
import type { TechStatus } from '../contract/views';
import type { LockoutStore } from '../store/technician-lockout-store';
import type { AuditRecorder } from './audit-port';
import type { Result } from '../../rules/result';
import { clearWrongPins, countWrongPin, LOCKOUT_STEPS_MS, lockedForMs, waitText } from './pin-lockout';

/**
 * The technician PIN is stored only as `scrypt$<salt b64>$<hash b64>` in the config file
 * (`npm run sync -- tech-pin <PIN>` prints it). Only a demo terminal has a default PIN (000000).
 */
export function hashPin(pin: string, salt: Buffer): string {
  return `scrypt$${salt.toString('base64')}$${scryptSync(pin, salt, 32).toString('base64')}`;
}

export function pinMatches(pin: string, stored: string): boolean {
  const [alg, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export const DEMO_PIN = '000000';
/** Six digits at least: a million guesses instead of ten thousand. */
export const PIN_PATTERN = /^\d{6,12}$/;
/** Wrong PINs on one connection before that connection waits. */
export const CONNECTION_FAILURE_LIMIT = 3;
/** Wrong PINs at the terminal (all connections together) before every connection waits. */
export const TERMINAL_FAILURE_LIMIT = 5;
export { LOCKOUT_STEPS_MS };
/** An unlocked technician screen left alone this long locks itself. */
export const UNLOCK_IDLE_MS = 10 * 60_000;

export interface EnrolArgs {
  readonly platform: string;
  readonly code: string;
  readonly regionCode: string;
  readonly stationName: string;
  /** Hex SHA-256 of the platform key, when the enrolment code pins it. */
  readonly platformKeySha256?: string;
}

export interface TechnicianDeps {
  readonly pinHash: string | null;
  readonly demo: boolean;
  /** Terminal-wide failures and lockout, persisted (SQLite in the host). */
  readonly lockouts: LockoutStore;
  readonly audit: AuditRecorder;
  /** Wall clock for the persisted lockout (it has to survive a restart). */
  readonly now?: () => number;
  enrol(args: EnrolArgs): Promise<Result<{ deviceId: string; platformUrl: string }>>;
  syncNow(): Promise<{ ok: boolean; acked: number; rejected: number; message: string | null }>;
  status(): Omit<TechStatus, 'stationName' | 'regionCode'>;
  readonly station: { name: string; regionCode: string };
}

interface ConnectionState {
  failures: number;
  level: number;
  lockedUntilMs: number;
  unlockedAt: number | null;
  lastUsed: number;
}

const actor = { role: 'technician', id: 'technician' } as const;

/**
 * Gate and actions of the technician screen: enrolment with the platform, immediate sync, and a
 * status page. An unlock belongs to the connection (screen) that entered the PIN, ends when it
 * disconnects or sits idle, and never opens another connection. Wrong PINs are counted per
 * connection and per terminal; each lockout is longer than the last and survives a restart.
 */
export class TechnicianService {
  readonly #connections = new Map<string, ConnectionState>();

  constructor(private readonly d: TechnicianDeps) {}

  #now(): number {
    return (this.d.now ?? Date.now)();
  }

  #connection(id: string): ConnectionState {
    let c = this.#connections.get(id);
    if (!c) {
      c = { failures: 0, level: 0, lockedUntilMs: 0, unlockedAt: null, lastUsed: 0 };
      this.#connections.set(id, c);
    }
    return c;
  }

  #audit(action: string, connectionId: string, result: string): void {
    this.d.audit.record({ actor, action, object: `connection:${connectionId}`, result });
  }

  unlock(connectionId: string, pin: string): ApiResult<{ unlocked: true }> {
    const now = this.#now();
    const conn = this.#connection(connectionId);
    // The terminal-wide wait (a wall clock gone back is capped at the longest step).
    const lockedUntil = Math.max(now + lockedForMs(this.d.lockouts, now), conn.lockedUntilMs);
    if (now < lockedUntil) {
      this.#audit('technician.unlock_failed', connectionId, 'locked');
      return failure('locked', `密码错误次数过多，请${waitText(lockedUntil - now)}后再试`);
    }
    if (!this.d.pinHash && !this.d.demo) {
      this.#audit('technician.unlock_failed', connectionId, 'tech_pin_not_set');
      return failure('tech_pin_not_set', '本终端还没有设置技术员密码，请按运维手册用 tech-pin 设置');
    }
    const ok = PIN_PATTERN.test(pin) && (this.d.pinHash ? pinMatches(pin, this.d.pinHash) : pin === DEMO_PIN);
    if (ok) {
      clearWrongPins(this.d.lockouts);
      Object.assign(conn, { failures: 0, level: 0, lockedUntilMs: 0, unlockedAt: now, lastUsed: now });
      this.#audit('technician.unlock', connectionId, 'ok');
      return success({ unlocked: true });
    }
    this.#audit('technician.unlock_failed', connectionId, 'denied');
    conn.failures += 1;
    if (conn.failures >= CONNECTION_FAILURE_LIMIT) {
      conn.lockedUntilMs = now + LOCKOUT_STEPS_MS[Math.min(conn.level, LOCKOUT_STEPS_MS.length - 1)]!;
      conn.level += 1;
      conn.failures = 0;
      this.#audit('technician.lockout', connectionId, 'locked');
    }
    if (countWrongPin(this.d.lockouts, now, TERMINAL_FAILURE_LIMIT))
      this.d.audit.record({ actor, action: 'technician.lockout', object: 'terminal', result: 'locked' });
    return failure('unauthorized', '密码不对，请重新输入');
  }

  lock(connectionId: string): ApiResult<{ locked: true }> {
    const conn = this.#connections.get(connectionId);
    if (conn && conn.unlockedAt !== null) {
      conn.unlockedAt = null;
      this.#audit('technician.lock', connectionId, 'ok');
    }
    return success({ locked: true });
  }

  /**
   * The connection is gone: its unlock and its own count go with it. Reconnecting is no way
   * around the wait: the terminal-wide count and lockout stay.
   */
  disconnect(connectionId: string): void {
    const conn = this.#connections.get(connectionId);
    if (conn && conn.unlockedAt !== null) this.#audit('technician.lock', connectionId, 'disconnected');
    this.#connections.delete(connectionId);
  }

  #unlocked(connectionId: string): boolean {
    const conn = this.#connections.get(connectionId);
    if (!conn || conn.unlockedAt === null) return false;
    const now = this.#now();
    if (now - conn.lastUsed > UNLOCK_IDLE_MS) {
      conn.unlockedAt = null;
      this.#audit('technician.lock', connectionId, 'idle');
      return false;
    }
    conn.lastUsed = now;
    return true;
  }

  /** For the other technician methods (wizard, self-tests, diagnostics): this connection is unlocked. */
  authorised(connectionId: string): boolean {
    return this.#unlocked(connectionId);
  }

  status(connectionId: string): ApiResult<TechStatus> {
    if (!this.#unlocked(connectionId)) return failure('unauthorized', '请先输入技术员密码');
    return success({ ...this.d.status(), stationName: this.d.station.name, regionCode: this.d.station.regionCode });
  }

  async enrol(connectionId: string, args: EnrolArgs): Promise<ApiResult<{ deviceId: string; platform: string }>> {
    if (!this.#unlocked(connectionId)) return failure('unauthorized', '请先输入技术员密码');
    if (this.d.demo && !isLoopbackUrl(args.platform)) {
      this.d.audit.record({ actor, action: 'enrolment', object: 'platform', result: 'demo_refused' });
      return failure('demo_platform_refused', '演示终端只能连接本机的演示平台，不能注册到正式平台');
    }
    // The enrolment's own outcome is recorded where it happens (the host's enrol step).
    const r = await this.d.enrol(args);
    return r.ok
      ? success({ deviceId: r.value.deviceId, platform: r.value.platformUrl })
      : failure('enrolment_failed', r.error.message);
  }

  async syncNow(
    connectionId: string,
  ): Promise<ApiResult<{ ok: boolean; acked: number; rejected: number; message: string | null }>> {
    if (!this.#unlocked(connectionId)) return failure('unauthorized', '请先输入技术员密码');
    return success(await this.d.syncNow());
  }
}
