// `cunzhan set-pin`: the technician PIN of this terminal, read from standard input (or typed at a
// prompt), never from the command line, where `ps` and the shell history would keep it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { AuditLog } from '../../services/audit-log';
import type { OutboxPort } from '../../services/outbox-port';
import { openDatabase } from '../../store/database';
import { resolvePaths } from '../config';
import { setTechnicianPin } from '../set-pin';

export interface SetPinCliIo {
  out(line: string): void;
  err(line: string): void;
  readPin(): Promise<string>;
}

/**
 * The entry is kept in the audit chain unsealed: sealing needs the data key, which this command
 * neither has nor creates (the kiosk makes it at its first start). The kiosk seals it with its next
 * block, so this outbox is never asked for anything.
 */
const sealedByTheKiosk: OutboxPort = {
  enqueue: () => {
    throw new Error('set-pin never seals an audit block');
  },
};

export async function runSetPinCli(
  argv: string[],
  io: SetPinCliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (argv.length > 0) {
    io.err('用法: cunzhan set-pin（密码从标准输入读取或在提示后输入；不要把密码写在命令行上）');
    return 2;
  }
  const paths = resolvePaths(env);
  const pin = (await io.readPin()).trim();
  mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(dirname(paths.configFile), { recursive: true, mode: 0o700 });
  const db = openDatabase(paths.database);
  try {
    const audit = new AuditLog({ db, outbox: sealedByTheKiosk, maxBlockEntries: Number.MAX_SAFE_INTEGER });
    const r = setTechnicianPin(paths.configFile, pin, audit);
    if (!r.ok) {
      io.err(r.error.message);
      return r.error.code === 'config_write_failed' ? 1 : 2;
    }
    io.out(`技术员密码已设置（${paths.configFile}，只保存了密码的哈希），已记入审计链。`);
    return 0;
  } finally {
    db.close();
  }
}

export function readPinFromStdin(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdin.isTTY ? process.stderr : undefined });
  return new Promise((resolve) => {
    rl.question(process.stdin.isTTY ? '新的技术员密码（6到12位数字）: ' : '', (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}
