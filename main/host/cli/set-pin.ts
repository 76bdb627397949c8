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

/** Piped: the first line. At a terminal: typed without echo, twice, so a typo never becomes the PIN. */
export async function readPinFromStdin(): Promise<string> {
  if (!process.stdin.isTTY) return firstLine();
  const first = await typedHidden('新的技术员密码（6到12位数字）: ');
  const again = await typedHidden('再输入一次: ');
  if (first !== again) {
    process.stderr.write('两次输入的密码不一样，没有设置。\n');
    return '';
  }
  return first;
}

function firstLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin });
  return new Promise((resolve) => {
    let line: string | null = null;
    rl.once('line', (l) => {
      line = l;
      rl.close();
    });
    rl.once('close', () => resolve(line ?? ''));
  });
}

function typedHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve) => {
    let typed = '';
    const finish = (value: string): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish(typed);
        // Ctrl+C: nothing is set.
        if (ch === '\u0003') return finish('');
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}
