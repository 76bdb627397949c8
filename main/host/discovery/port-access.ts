import { accessSync, constants, existsSync } from 'node:fs';
import type { FixDetails, SelfTestCode } from '../../../rules/self-test-fixes';
import { findPortHolder } from './port-holder';

export interface PortProblem {
  readonly code: Extract<SelfTestCode, 'port_missing' | 'port_permission_denied' | 'port_busy'>;
  readonly details: FixDetails;
}

/**
 * Checks a device file before anything opens it: missing, no permission (EACCES/EPERM), or held by
 * another program. Classifying here rather than from the open error keeps the codes the same
 * across serialport versions, whose error texts differ.
 */
export function checkPort(path: string, procDir = '/proc'): PortProblem | null {
  if (!existsSync(path)) return { code: 'port_missing', details: { port: path } };
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { code: 'port_missing', details: { port: path } };
    if (code === 'EACCES' || code === 'EPERM') return { code: 'port_permission_denied', details: { port: path } };
  }
  const holder = findPortHolder(path, procDir);
  return holder ? { code: 'port_busy', details: { port: path, holder } } : null;
}

/** The holder's name for a port whose open failed on its lock, or a plain statement that it is locked. */
export function findHolderOrLocked(path: string, procDir = '/proc'): string {
  return findPortHolder(path, procDir) ?? '未知程序（端口已被锁定）';
}

/** An open error that got past the check (a race, or a lock only the open sees). */
export function classifyOpenError(path: string, error: unknown, procDir = '/proc'): PortProblem {
  const text = `${(error as NodeJS.ErrnoException).code ?? ''} ${(error as Error).message ?? ''}`;
  if (/EACCES|EPERM|permission denied/i.test(text)) return { code: 'port_permission_denied', details: { port: path } };
  if (/ENOENT|no such file/i.test(text)) return { code: 'port_missing', details: { port: path } };
  return { code: 'port_busy', details: { port: path, holder: findHolderOrLocked(path, procDir) } };
}
