import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { hotlineSchema } from '../../rules/station-setup';
import { getState, setState } from '../../sync/state';
import type { AuditRecorder } from './audit-port';

/**
 * The settings the county may change from the platform (`config` dataset), each with its rule.
 * Anything else in the dataset is either handled elsewhere (probe interval, evaluation reasons,
 * display name) or not for remote change at all (devices, PIN, platform address): never applied here.
 */
export const REMOTE_CONFIG_RULES = {
  idle_timeout_s: z.number().int().min(10).max(3600),
  hotline: hotlineSchema,
  retention_days: z.number().int().min(1).max(365),
  receipt_header: z
    .string()
    .min(1)
    .max(32)
    .refine((s) => !/[\p{Cc}\p{Cf}]/u.test(s), 'no control characters')
    .refine((s) => !/\d{11,}/.test(s), 'no long digit runs'),
  services_shown: z
    .array(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/))
    .max(200)
    .refine((list) => new Set(list).size === list.length, 'no duplicates'),
} as const;
export type RemoteConfigKey = keyof typeof REMOTE_CONFIG_RULES;
export const REMOTE_CONFIG_KEYS = Object.keys(REMOTE_CONFIG_RULES) as RemoteConfigKey[];

/** Keys of the `config` dataset other parts of the terminal read; not refused, not applied here. */
const HANDLED_ELSEWHERE = new Set(['probe_interval_s', 'station_display_name', 'evaluation_reasons', 'bundles']);

const settingsSchema = z.strictObject(REMOTE_CONFIG_RULES).partial();
export type RemoteSettings = z.infer<typeof settingsSchema>;

export interface RemoteConfigReport {
  /** Short hash of the dataset values this report is about, so the county can match it to a publish. */
  readonly version: string;
  readonly at: string;
  readonly outcome: 'applied' | 'refused' | 'unchanged';
  readonly applied: RemoteConfigKey[];
  /** Problems by key, as stable codes: `invalid_value`, `not_allowed`. Never the value itself (a key not a plain name is `?`). */
  readonly refused: { key: string; code: 'invalid_value' | 'not_allowed' }[];
}

const APPLIED = 'remote_config_applied';
const REPORT = 'remote_config_report';
const system = { role: 'system', id: 'remote-config' } as const;

export interface RemoteConfigDeps {
  readonly db: Database.Database;
  readonly audit: AuditRecorder;
  /** The downloaded `config` dataset as key → value. */
  readonly dataset: () => Record<string, unknown>;
  readonly now?: () => Date;
}

function versionOf(values: Record<string, unknown>): string {
  const sorted = Object.keys(values)
    .sort()
    .map((k) => [k, values[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 12);
}

/**
 * Applies the allow-listed part of the platform's `config` dataset as one unit: every value is
 * checked first; one invalid value refuses the whole change (the settings in force stay as they
 * were), a valid set replaces them in one SQLite transaction together with the report that the
 * next health item carries. Each applied or refused key is audited (key and result, no value).
 */
export class RemoteConfigService {
  readonly #listeners: ((s: RemoteSettings) => void)[] = [];
  readonly #reportListeners: ((r: RemoteConfigReport) => void)[] = [];

  constructor(private readonly d: RemoteConfigDeps) {}

  effective(): RemoteSettings {
    return getState<RemoteSettings>(this.d.db, APPLIED) ?? {};
  }

  lastReport(): RemoteConfigReport | null {
    return getState<RemoteConfigReport>(this.d.db, REPORT) ?? null;
  }

  onApplied(listener: (s: RemoteSettings) => void): void {
    this.#listeners.push(listener);
  }

  /** Every outcome worth telling the county (applied or refused; not an unchanged re-download). */
  onReport(listener: (r: RemoteConfigReport) => void): void {
    this.#reportListeners.push(listener);
  }

  apply(): RemoteConfigReport {
    const values = this.d.dataset();
    const version = versionOf(values);
    const at = (this.d.now ?? (() => new Date()))().toISOString();
    const candidate: Record<string, unknown> = {};
    const refused: RemoteConfigReport['refused'] = [];
    for (const [key, value] of Object.entries(values)) {
      if (HANDLED_ELSEWHERE.has(key)) continue;
      if (!(key in REMOTE_CONFIG_RULES)) {
        // The key travels in the health report: a name only, never something that could hold data.
        refused.push({ key: /^[a-z][a-z0-9_]{0,63}$/.test(key) ? key : '?', code: 'not_allowed' });
        continue;
      }
      if (!REMOTE_CONFIG_RULES[key as RemoteConfigKey].safeParse(value).success)
        refused.push({ key, code: 'invalid_value' });
      else candidate[key] = value;
    }
    const previous = this.effective();
    if (refused.some((r) => r.code === 'invalid_value')) {
      const report: RemoteConfigReport = { version, at, outcome: 'refused', applied: [], refused };
      setState(this.d.db, REPORT, report);
      for (const r of refused)
        this.d.audit.record({ actor: system, action: 'config.remote', object: `config:${r.key}`, result: r.code });
      for (const l of this.#reportListeners) l(report);
      return report;
    }
    // Keys no one may set remotely are reported, and the rest is still applied: they change nothing here.
    const next = settingsSchema.parse(candidate);
    const changed = REMOTE_CONFIG_KEYS.filter((k) => JSON.stringify(previous[k]) !== JSON.stringify(next[k]));
    const report: RemoteConfigReport = {
      version,
      at,
      outcome: changed.length > 0 ? 'applied' : 'unchanged',
      applied: changed,
      refused,
    };
    this.d.db.transaction(() => {
      setState(this.d.db, APPLIED, next);
      setState(this.d.db, REPORT, report);
    })();
    for (const k of changed)
      this.d.audit.record({ actor: system, action: 'config.remote', object: `config:${k}`, result: 'ok' });
    for (const r of refused)
      this.d.audit.record({ actor: system, action: 'config.remote', object: `config:${r.key}`, result: r.code });
    if (changed.length > 0) for (const l of this.#listeners) l(next);
    if (changed.length > 0 || refused.length > 0) for (const l of this.#reportListeners) l(report);
    return report;
  }
}
