import { scryptSync, timingSafeEqual } from 'node:crypto';
import { failure, success, type ApiResult } from '../contract/result';
import type { TechStatus } from '../contract/views';
import type { Result } from '../../rules/result';

/**
 * The technician PIN is stored only as `scrypt$<salt b64>$<hash b64>` in the config file
 * (`npm run sync -- tech-pin <PIN>` prints it). A demo terminal without one accepts 000000.
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
const maxFailures = 5;
const lockoutMs = 5 * 60_000;

export interface TechnicianDeps {
  readonly pinHash: string | null;
  readonly demo: boolean;
  readonly monoNow?: () => number;
  enroll(args: { platform: string; code: string; regionCode: string; stationName: string }): Promise<Result<{ deviceId: string; platformUrl: string }>>;
  syncNow(): Promise<{ ok: boolean; acked: number; rejected: number; message: string | null }>;
  status(): Omit<TechStatus, 'stationName' | 'regionCode'>;
  readonly station: { name: string; regionCode: string };
}

/**
 * Gate and actions of the technician screen: enrolment with the platform, immediate sync, and a
 * status page. Five wrong PINs lock the screen for five minutes.
 */
export class TechnicianService {
  #unlocked = false;
  #failures = 0;
  #lockedUntil = 0;

  constructor(private readonly d: TechnicianDeps) {}

  unlock(pin: string): ApiResult<{ unlocked: true }> {
    const now = (this.d.monoNow ?? (() => performance.now()))();
    if (now < this.#lockedUntil) return failure('locked', '密码错误次数过多，请5分钟后再试');
    const ok = this.d.pinHash ? pinMatches(pin, this.d.pinHash) : this.d.demo && pin === DEMO_PIN;
    if (!ok) {
      this.#failures += 1;
      if (this.#failures >= maxFailures) {
        this.#failures = 0;
        this.#lockedUntil = now + lockoutMs;
      }
      return failure('unauthorized', this.d.pinHash || this.d.demo ? '密码不对，请重新输入' : '本终端还没有设置技术员密码，请查看运维手册');
    }
    this.#failures = 0;
    this.#unlocked = true;
    return success({ unlocked: true });
  }

  lock(): ApiResult<{ locked: true }> {
    this.#unlocked = false;
    return success({ locked: true });
  }

  status(): ApiResult<TechStatus> {
    if (!this.#unlocked) return failure('unauthorized', '请先输入技术员密码');
    return success({ ...this.d.status(), stationName: this.d.station.name, regionCode: this.d.station.regionCode });
  }

  async enroll(args: { platform: string; code: string; regionCode: string; stationName: string }): Promise<ApiResult<{ deviceId: string; platform: string }>> {
    if (!this.#unlocked) return failure('unauthorized', '请先输入技术员密码');
    const r = await this.d.enroll(args);
    return r.ok ? success({ deviceId: r.value.deviceId, platform: r.value.platformUrl }) : failure('enrolment_failed', r.error.message);
  }

  async syncNow(): Promise<ApiResult<{ ok: boolean; acked: number; rejected: number; message: string | null }>> {
    if (!this.#unlocked) return failure('unauthorized', '请先输入技术员密码');
    return success(await this.d.syncNow());
  }
}
