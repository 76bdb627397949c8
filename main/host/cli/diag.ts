// `cunzhan diag --out FILE [--printer HOST:PORT]`: the diagnostics bundle for the county's support
// (docs/operations.md). Needs the data key (it reads the local names it must keep out of the bundle).
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { nodeHidBackend } from '../../../drivers/scanner/hid-backend';
import { AuditLog } from '../../services/audit-log';
import { openDatabase } from '../../store/database';
import { deriveKeys, FieldCipher } from '../../store/field-cipher';
import { FileKeyProvider } from '../../store/key-provider';
import { loadConfig, resolvePaths } from '../config';
import { makeDiagBundle } from '../diag/make-diag';
import { SYSTEM_DEVICE_DIRS } from '../discovery/device-dirs';
import { discoverDevices } from '../discovery/discover';
import { wireSync } from '../sync-wiring';
import type { FieldCliIo } from './cunzhan';

const USAGE = '用法: cunzhan diag --out 文件.tar.gz [--printer 网络打印机地址:端口] [--no-probe]';

/** The software version for the manifest; read lazily, since the bundle sits elsewhere than the source. */
function softwareVersion(): string {
  for (const rel of ['../../../package.json', '../../package.json', '../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // not at this level
    }
  }
  return 'unknown';
}

export async function runDiagCli(argv: string[], io: FieldCliIo, env: NodeJS.ProcessEnv): Promise<number> {
  let values: { out?: string; printer?: string; 'no-probe'?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, printer: { type: 'string' }, 'no-probe': { type: 'boolean' } },
    }));
  } catch {
    io.err(USAGE);
    return 2;
  }
  if (!values.out) {
    io.err(USAGE);
    return 2;
  }
  const paths = resolvePaths(env);
  if (existsSync(`${paths.keyFile}.wrapped.json`)) {
    io.err('本终端的密钥由系统钥匙串保护（Electron 版），请在技术员界面上点“导出诊断包”。');
    return 1;
  }
  if (!existsSync(paths.database) || !existsSync(paths.keyFile)) {
    io.err(`没有找到终端数据库或密钥 ${paths.database}（检查 CUNZHAN_DATA_DIR）`);
    return 2;
  }
  const loaded = loadConfig(paths.configFile, env);
  const master = await new FileKeyProvider(paths.keyFile).loadOrCreateMasterKey();
  const cipher = new FieldCipher(deriveKeys(master).dataKey);
  master.fill(0);
  const db = openDatabase(paths.database);
  try {
    // Not started: only its status, datasets and outbox (for the audit entry) are used.
    const sync = loaded.ok ? wireSync(db, cipher, loaded.config, pino({ level: 'silent' })) : null;
    const audit = new AuditLog({
      db,
      outbox: sync?.outbox ?? {
        enqueue: () => {
          throw new Error('no outbox without a configuration');
        },
      },
    });
    const r = await makeDiagBundle(values.out, {
      paths,
      db,
      cipher,
      version: softwareVersion(),
      audit,
      syncStatus: () => sync?.engine.status() ?? { note: loaded.ok ? null : loaded.message },
      agentNames: () => sync?.engine.datasets.agents().map((a) => a.name) ?? [],
      deviceProbes: async () =>
        values['no-probe']
          ? { note: '未探测设备（--no-probe）' }
          : discoverDevices({ dirs: SYSTEM_DEVICE_DIRS, printerAddress: values.printer, hid: nodeHidBackend() }),
    });
    if (!r.ok) {
      io.err(`错误 [${r.error.code}]: ${r.error.message}`);
      return 1;
    }
    const red = r.value.redacted;
    io.out(`诊断包已写入 ${r.value.file}（${r.value.files.length} 个文件）。`);
    io.out(`已隐去：身份证号 ${red.id_number} 处，手机号 ${red.phone} 处，姓名/地址 ${red.name} 处。`);
    return 0;
  } finally {
    db.close();
  }
}
