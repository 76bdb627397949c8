// `npm run audit -- verify`: recomputes every hash of this terminal's audit chain and names the
// first entry that breaks it. Reads no personal data and needs no key; safe while the terminal runs.
import { existsSync } from 'node:fs';
import { AuditLog } from '../../services/audit-log';
import { openDatabase } from '../../store/database';
import { resolvePaths } from '../config';

export interface AuditCliIo {
  out(line: string): void;
  err(line: string): void;
}

const reasons = {
  index_gap: '序号不连续（有记录被删除或插入）',
  prev_hash_mismatch: '与上一条的链接不符（前面的记录被改动、删除或调换）',
  hash_mismatch: '内容与它的哈希不符（这条记录被改动过）',
} as const;

export function runAuditCli(argv: string[], io: AuditCliIo, env: NodeJS.ProcessEnv = process.env): number {
  if (argv[0] !== 'verify') {
    io.err('用法: npm run audit -- verify');
    return 2;
  }
  const paths = resolvePaths(env);
  if (!existsSync(paths.database)) {
    io.err(`没有找到终端数据库 ${paths.database}（检查 CUNZHAN_DATA_DIR）`);
    return 2;
  }
  const db = openDatabase(paths.database);
  try {
    const log = new AuditLog({
      db,
      outbox: {
        enqueue: () => {
          throw new Error('verify never sends');
        },
      },
    });
    const { count, broken } = log.verify();
    if (!broken) {
      io.out(`审计链完整：共 ${count} 条记录，全部校验通过。`);
      return 0;
    }
    io.err(`审计链在第 ${broken.index} 条断开：${reasons[broken.reason]}。共 ${count} 条记录。`);
    return 1;
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(runAuditCli(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) }));
}
