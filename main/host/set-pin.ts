import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { err, type Result } from '../../rules/result';
import type { AuditRecorder } from '../services/audit-port';
import { DEMO_PIN, hashPin, PIN_PATTERN } from '../services/technician-service';
import { loadConfig } from './config';
import { writeConfigFile, type ConfigWriteCode, type ConfigWriteOutcome } from './config-file';

export type SetPinCode = 'pin_invalid' | 'pin_too_easy' | ConfigWriteCode;

/** The demo PIN, one digit repeated, or a straight run up or down: the first PINs anyone tries. */
export function isGuessablePin(pin: string): boolean {
  if (pin === DEMO_PIN || /^(\d)\1+$/.test(pin)) return true;
  const steps = [...pin].slice(1).map((c, i) => Number(c) - Number(pin[i]));
  return steps.every((s) => s === 1 || s === -9) || steps.every((s) => s === -1 || s === 9);
}

/**
 * Puts a technician PIN on a terminal (the installer's first step on a fresh install, or a new PIN
 * later): only `technician.pinHash` changes, through the atomic, audited config writer; every other
 * key the file holds stays. Without station details the terminal stays in provisioning.
 */
export function setTechnicianPin(
  configFile: string,
  pin: string,
  audit: AuditRecorder,
): Result<ConfigWriteOutcome, SetPinCode> {
  if (!PIN_PATTERN.test(pin)) return err('pin_invalid', '技术员密码要 6 到 12 位数字，请重新输入');
  if (isGuessablePin(pin)) return err('pin_too_easy', '这个密码太容易被猜到（重复或连续的数字），请换一个');
  const loaded = loadConfig(configFile, {});
  if (!loaded.ok) return err('config_invalid', `${loaded.message}；请先改好配置文件，密码没有设置`);
  const raw: Record<string, unknown> = existsSync(configFile)
    ? (JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>)
    : {};
  const technician = { ...(raw.technician as object | undefined), pinHash: hashPin(pin, randomBytes(16)) };
  return writeConfigFile(configFile, { ...raw, technician }, audit, { role: 'technician', id: 'set-pin' });
}
