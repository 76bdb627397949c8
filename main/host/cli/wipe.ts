// `npm run wipe`: decommissioning. Erases all personal data this terminal holds and proves it by
// searching the database, its WAL and every file of the data folder for the ID numbers it held.
// Technician only (PIN on standard input), recorded in the audit chain. Stop the terminal first.
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { AuditLog } from '../../services/audit-log';
import { DEMO_PIN, pinMatches } from '../../services/technician-service';
import { countUnsent, wipePersonalData } from '../../services/wipe';
import { openDatabase } from '../../store/database';
import { deriveKeys, FieldCipher } from '../../store/field-cipher';
import { FileKeyProvider } from '../../store/key-provider';
import { loadConfig, resolvePaths } from '../config';
import { wireSync } from '../sync-wiring';

export interface WipeCliIo {
  out(line: string): void;
  err(line: string): void;
  readPin(): Promise<string>;
}

const technician = { role: 'technician', id: 'technician' } as const;

export async function runWipeCli(argv: string[], io: WipeCliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const discardUnsent = argv.includes('--discard-unsent');
  if (argv.some((a) => a !== '--discard-unsent')) {
    io.err('用法: npm run wipe [-- --discard-unsent]（技术员密码从标准输入读取）');
    return 2;
  }
  const paths = resolvePaths(env);
  if (existsSync(`${paths.keyFile}.wrapped.json`)) {
    io.err('本终端的密钥由系统钥匙串保护（Electron 版），请在终端上以技术员身份操作，或先导出密钥。');
    return 1;
  }
  if (!existsSync(paths.database)) {
    io.err(`没有找到终端数据库 ${paths.database}（检查 CUNZHAN_DATA_DIR）`);
    return 2;
  }
  const loaded = loadConfig(paths.configFile, env);
  if (!loaded.ok) {
    io.err(loaded.message);
    return 2;
  }
  const master = await new FileKeyProvider(paths.keyFile).loadOrCreateMasterKey();
  const cipher = new FieldCipher(deriveKeys(master).dataKey);
  master.fill(0);
  const db = openDatabase(paths.database);
  try {
    // Only for its outbox: the audit block recording this wipe is queued like any other.
    const sync = wireSync(db, cipher, loaded.config, pino({ level: 'silent' }));
    const audit = new AuditLog({ db, outbox: sync.outbox });
    const pin = (await io.readPin()).trim();
    const stored = loaded.config.technician.pinHash;
    const accepted = stored ? pinMatches(pin, stored) : loaded.config.demo && pin === DEMO_PIN;
    if (!accepted) {
      audit.record({ actor: technician, action: 'technician.failure', object: 'wipe', result: 'denied' });
      io.err('技术员密码不对，没有擦除任何数据。');
      return 1;
    }
    const unsent = countUnsent(db);
    if (unsent > 0 && !discardUnsent) {
      io.err(
        `还有 ${unsent} 笔业务没有上传到平台，擦除后将永远丢失。请先联网同步（npm run sync -- now）；确定要丢弃，请加 --discard-unsent 再运行。`,
      );
      return 1;
    }
    const report = wipePersonalData({ db, cipher, dataDir: paths.dataDir, audit, actor: technician });
    io.out(
      `已擦除：${report.transactions} 笔业务记录，${report.outboxItems} 条待传/已传内容，${report.blobs} 个附件，${report.datasetRows} 条加密的平台资料，${report.receipts} 张回执图片，${report.speechFiles} 个语音缓存文件。`,
    );
    const s = report.scan;
    io.out(
      `核查：在数据文件夹的 ${s.files} 个文件（共 ${s.bytes} 字节，含数据库和 WAL）中查找本机保存过的 ${s.idNumbers} 个身份证号码（明文、UTF-16 和查询哈希）。`,
    );
    if (s.found.length > 0) {
      for (const f of s.found) io.err(`仍然找到 ${f.masked}：${f.file}。请删除这个文件后重新运行。`);
      return 1;
    }
    audit.sealBlock();
    io.out('结果：一个也没有找到，个人数据已全部擦除。此次擦除已记入审计链。');
    return 0;
  } finally {
    db.close();
  }
}

export function readLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) =>
    rl.question('技术员密码: ', (answer) => {
      rl.close();
      resolve(answer);
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runWipeCli(process.argv.slice(2), {
    out: (l) => console.log(l),
    err: (l) => console.error(l),
    readPin: readLine,
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
