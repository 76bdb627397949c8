// `npm run sync -- enrol|status|now|queue|tech-pin`: technician sync commands against this
// terminal's own store (stop the terminal first, or run them on a station that runs it as a service).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import pino from 'pino';
import { runSyncCli } from '../../../sync/cli';
import { isLoopbackUrl } from '../../../rules/loopback';
import { hashPin, PIN_PATTERN } from '../../services/technician-service';
import { openDatabase } from '../../store/database';
import { deriveKeys, FieldCipher } from '../../store/field-cipher';
import { FileKeyProvider } from '../../store/key-provider';
import { loadConfig, resolvePaths } from '../config';
import { wireSync } from '../sync-wiring';

export interface SyncCliIo {
  out(line: string): void;
  err(line: string): void;
}

export async function runTerminalSyncCli(
  argv: string[],
  io: SyncCliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (argv[0] === 'tech-pin') {
    const pin = argv[1] ?? '';
    if (!PIN_PATTERN.test(pin)) {
      io.err('用法: npm run sync -- tech-pin <6到12位数字>（不能少于6位）');
      return 2;
    }
    io.out('把下面这一行写进配置文件的 technician.pinHash：');
    io.out(hashPin(pin, randomBytes(16)));
    return 0;
  }
  const paths = resolvePaths(env);
  if (existsSync(`${paths.keyFile}.wrapped.json`)) {
    io.err('本终端的密钥由系统钥匙串保护（Electron 版），请在终端的技术员界面完成注册和同步。');
    return 1;
  }
  const loaded = loadConfig(paths.configFile, env);
  if (!loaded.ok) {
    io.err(loaded.message);
    return 2;
  }
  if (loaded.config.demo && argv[0] === 'enrol') {
    const at = argv.indexOf('--platform');
    const platform = at >= 0 ? (argv[at + 1] ?? '') : (loaded.config.sync.platformUrl ?? '');
    if (!isLoopbackUrl(platform)) {
      io.err('演示终端只能注册到本机的演示平台；正式使用请先在配置文件里关闭 demo。');
      return 1;
    }
  }
  const master = await new FileKeyProvider(paths.keyFile).loadOrCreateMasterKey();
  const cipher = new FieldCipher(deriveKeys(master).dataKey);
  const db = openDatabase(paths.database);
  try {
    const logger = pino({ level: 'warn' }, pino.destination(2));
    return await runSyncCli(argv, { io, engineFactory: () => wireSync(db, cipher, loaded.config, logger).engine });
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runTerminalSyncCli(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
