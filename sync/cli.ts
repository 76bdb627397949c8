import type { SyncEngine } from './engine/engine';

export interface SyncCliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface SyncCliDeps {
  /** Opens the real store and builds the engine; the CLI stops it when done. */
  engineFactory(): SyncEngine | Promise<SyncEngine>;
  io: SyncCliIo;
}

const usage = [
  '用法: npm run sync -- <命令>',
  '  enrol --platform URL --code CODE [--platform-key-sha256 平台公钥指纹] [--region 12位区划代码] [--name 站点名称] [--force]',
  '  status        连接状态、队列、上次成功和上次错误',
  '  now           立即同步一次（上传、附件、下载更新）',
  '  queue         按状态统计队列、最早待发送的一笔、被拒绝的业务及原因',
];

function parseFlags(args: string[]): { flags: Map<string, string | true>; rest: string[] } {
  const flags = new Map<string, string | true>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else if (i + 1 < args.length && !args[i + 1]!.startsWith('--')) flags.set(a.slice(2), args[++i]!);
      else flags.set(a.slice(2), true);
    } else rest.push(a);
  }
  return { flags, rest };
}

/** Technician commands; returns the process exit code. Prints no personal data. */
export async function runSyncCli(argv: string[], deps: SyncCliDeps): Promise<number> {
  const { io } = deps;
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    usage.forEach((l) => io.out(l));
    return command ? 0 : 2;
  }
  if (!['enrol', 'status', 'now', 'queue'].includes(command)) {
    io.err(`未知命令: ${command}`);
    usage.forEach((l) => io.err(l));
    return 2;
  }
  const { flags } = parseFlags(args);
  const engine = await deps.engineFactory();
  try {
    switch (command) {
      case 'enrol':
        return await enrol(engine, flags, io);
      case 'status':
        printStatus(engine, io);
        return 0;
      case 'now':
        return await now(engine, io);
      default:
        printQueue(engine, io);
        return 0;
    }
  } finally {
    await engine.stop();
  }
}

async function enrol(engine: SyncEngine, flags: Map<string, string | true>, io: SyncCliIo): Promise<number> {
  const code = flags.get('code');
  const platform = flags.get('platform');
  if (typeof code !== 'string' || typeof platform !== 'string') {
    io.err('enrol 需要 --platform URL 和 --code CODE');
    return 2;
  }
  const region = flags.get('region');
  const name = flags.get('name');
  const station = typeof region === 'string' && typeof name === 'string' ? { regionCode: region, name } : undefined;
  const pin = flags.get('platform-key-sha256');
  const r = await engine.enrol({
    code,
    platformUrl: platform,
    force: flags.get('force') === true,
    ...(station ? { station } : {}),
    ...(typeof pin === 'string' ? { platformKeySha256: pin } : {}),
  });
  if (!r.ok) {
    io.err(`注册失败 (${r.error.code}): ${r.error.message}`);
    return 1;
  }
  io.out(`注册成功: 设备编号 ${r.value.deviceId}，平台 ${r.value.platformUrl}`);
  return 0;
}

const linkText: Record<string, string> = {
  unenrolled: '未注册',
  unknown: '未知（尚未联系平台）',
  up: '在线',
  down: '离线（稍后自动重试）',
  unauthorized: '平台拒绝本终端（设备未知或已停用）',
};

function printStatus(engine: SyncEngine, io: SyncCliIo): void {
  const s = engine.status();
  const recorded =
    s.link === 'unknown' && s.recordedLink ? `（最近一次记录: ${linkText[s.recordedLink] ?? s.recordedLink}）` : '';
  io.out(`连接: ${linkText[s.link] ?? s.link}${recorded}`);
  io.out(`设备编号: ${s.deviceId ?? '—'}`);
  const q = s.queue;
  io.out(
    `队列: 待发送 ${q.pending}，发送中 ${q.inflight}，等待附件/依赖 ${q.deferred}，已确认 ${q.acked}，被拒绝 ${q.rejected}`,
  );
  io.out(`上次成功: ${s.lastSuccess ? `${s.lastSuccess.serverTime ?? s.lastSuccess.deviceTime}` : '—'}`);
  io.out(`上次错误: ${s.lastError ? `${s.lastError.code} ${s.lastError.message}` : '—'}`);
  io.out(
    `时钟偏差: ${s.clock.offsetMs === null ? '本次开机尚未测得' : `${s.clock.offsetMs} ms（${s.clock.ageS} 秒前测得）`}`,
  );
}

async function now(engine: SyncEngine, io: SyncCliIo): Promise<number> {
  const r = await engine.syncNow();
  io.out(
    `批次 ${r.batches}，已确认 ${r.acked}，被拒绝 ${r.rejected}，等待 ${r.deferred}，附件 ${r.blobsUploaded}，下载更新 ${r.changesApplied}`,
  );
  if (!r.ok) {
    io.err(`同步未完成 (${r.failure?.code}): ${r.failure?.message}`);
    return 1;
  }
  printQueue(engine, io);
  return 0;
}

function printQueue(engine: SyncEngine, io: SyncCliIo): void {
  const q = engine.outbox.counts();
  io.out(
    `pending ${q.pending}  inflight ${q.inflight}  deferred ${q.deferred}  acked ${q.acked}  rejected ${q.rejected}`,
  );
  io.out(
    q.oldestPending
      ? `最早待发送: seq ${q.oldestPending.seq} tx ${q.oldestPending.txId} 终端时间 ${q.oldestPending.deviceTime}`
      : '最早待发送: —',
  );
  const rejected = engine.outbox.listRejected();
  if (rejected.length === 0) io.out('被拒绝: 无');
  for (const r of rejected)
    io.out(`被拒绝: seq ${r.seq} tx ${r.txId} ${r.serviceCode ?? r.kind} ${r.code ?? ''} ${r.message ?? ''}`.trimEnd());
}
