import { parseArgs } from 'node:util';
import type { Failure } from '../../rules/result';
import { IdCardReader } from './driver';
import type { IdentityCard } from './identity';
import { cardForDisplay } from './mask';
import { PlacementRetries } from './read-retries';
import { SamSession } from './sam-session';
import { checkPortAccess, OPEN_ERROR_MESSAGES, SerialTransport } from './serial-transport';
import { WARNING_MESSAGES, type CardWarning } from './text-block';

/**
 * Technician CLI: `npm run device -- idcard status|read|watch --port <path> [--baud N] [--json]`.
 * Exit codes: 0 success, 1 device problem (one clear message), 2 usage error.
 */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Ends `watch` (the dispatcher wires SIGINT to it; tests abort it directly). */
  signal?: AbortSignal;
  /** Commands for `simulate` (defaults to process.stdin). */
  input?: NodeJS.ReadableStream;
}

const USAGE = [
  '用法: npm run device -- idcard <status|read|watch> --port <串口路径> [选项]',
  '  status              检查读卡器安全模块(SAM)状态并显示 SAM 编号',
  '  read                读一次证件（默认遮挡个人信息）',
  '  watch               持续读卡，显示放卡/拿走事件，Ctrl+C 结束',
  '  simulate [--dir D]  启动模拟读卡器（培训、无硬件调试），不需要 --port',
  '选项:',
  '  --baud <N>          波特率，默认 115200',
  '  --json              以 JSON 输出',
  '  --unmasked          read/watch 显示完整个人信息（仅在本人同意时使用）',
  '  --fingerprint       read 时同时读指纹数据（只显示长度）',
  '  --wait <秒>         read 时等待放卡的秒数，默认 0',
  '  --poll <毫秒>       watch 的轮询间隔，默认 500，最少 300',
];

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        baud: { type: 'string' },
        json: { type: 'boolean', default: false },
        unmasked: { type: 'boolean', default: false },
        fingerprint: { type: 'boolean', default: false },
        wait: { type: 'string' },
        poll: { type: 'string' },
        dir: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.err((e as Error).message);
    USAGE.forEach((l) => io.err(l));
    return 2;
  }
  const { values, positionals } = parsed;
  const sub = positionals[0];
  if (values.help || !sub) {
    USAGE.forEach((l) => (values.help ? io.out(l) : io.err(l)));
    return values.help ? 0 : 2;
  }
  if (sub === 'simulate') {
    // Loaded lazily: the simulator is a training tool, not part of a station's read path.
    const { runSimulatorCli } = await import('../sim/idcard-sim-cli');
    return runSimulatorCli(values.dir ? ['--dir', values.dir] : [], { ...io, input: io.input ?? process.stdin });
  }
  if (!values.port) {
    io.err('缺少 --port <串口路径>，例如 --port /dev/ttyUSB0');
    return 2;
  }
  const baudRate = values.baud === undefined ? 115200 : Number(values.baud);
  if (!Number.isInteger(baudRate) || ![9600, 19200, 38400, 57600, 115200].includes(baudRate)) {
    io.err('--baud 只能是 115200、57600、38400、19200 或 9600');
    return 2;
  }
  const waitSeconds = Number(values.wait ?? 0);
  const pollIntervalMs = Number(values.poll ?? 500);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0 || !Number.isFinite(pollIntervalMs) || pollIntervalMs <= 0) {
    io.err('--wait 和 --poll 必须是正数');
    return 2;
  }
  const opts: CommonOptions = { port: values.port, baudRate, json: values.json, unmasked: values.unmasked };
  switch (sub) {
    case 'status':
      return status(opts, io);
    case 'read':
      return read({ ...opts, fingerprint: values.fingerprint, waitSeconds }, io);
    case 'watch':
      return watch({ ...opts, pollIntervalMs }, io);
    default:
      io.err(`未知子命令: ${sub}`);
      USAGE.forEach((l) => io.err(l));
      return 2;
  }
}

interface CommonOptions {
  port: string;
  baudRate: number;
  json: boolean;
  unmasked: boolean;
}

function fail(io: CliIo, json: boolean, failure: Failure, detail: Record<string, unknown> = {}): number {
  if (json) io.out(JSON.stringify({ ok: false, error: failure, ...detail }));
  else io.err(`错误 [${failure.code}]: ${failure.message}`);
  return 1;
}

/** Open the port and make sure the SAM answers, resetting it once if it reports a fault. */
async function openSession(
  opts: CommonOptions,
  io: CliIo,
): Promise<{ session: SamSession; close: () => Promise<void> } | number> {
  const transport = new SerialTransport({ path: opts.port, baudRate: opts.baudRate });
  const opened = await transport.open();
  if (!opened.ok) return fail(io, opts.json, opened.error);
  const session = new SamSession(transport);
  const close = () => transport.close();
  let st = await session.samStatus();
  if (!st.ok && (st.error.code === 'sam_self_test_failed' || st.error.code === 'sam_not_authorised')) {
    await session.resetSam();
    st = await session.samStatus();
  }
  if (!st.ok) {
    await close();
    const failure =
      st.error.code === 'timeout'
        ? {
            code: 'no_answer',
            message: `读卡器没有应答：请确认 ${opts.port} 是身份证读卡器、波特率(${opts.baudRate})正确、读卡器已通电`,
          }
        : st.error;
    return fail(io, opts.json, failure);
  }
  return { session, close };
}

async function status(opts: CommonOptions, io: CliIo): Promise<number> {
  const s = await openSession(opts, io);
  if (typeof s === 'number') return s;
  const id = await s.session.samId();
  await s.close();
  if (!id.ok) return fail(io, opts.json, id.error);
  if (opts.json)
    io.out(JSON.stringify({ ok: true, port: opts.port, baudRate: opts.baudRate, sam: 'ok', samId: id.value }));
  else {
    io.out(`端口: ${opts.port} (${opts.baudRate} 8N1)`);
    io.out('安全模块(SAM): 正常');
    io.out(`SAM 编号: ${id.value}`);
  }
  return 0;
}

async function read(opts: CommonOptions & { fingerprint: boolean; waitSeconds: number }, io: CliIo): Promise<number> {
  const s = await openSession(opts, io);
  if (typeof s === 'number') return s;
  try {
    const deadline = Date.now() + Math.max(0, opts.waitSeconds) * 1000;
    for (;;) {
      const found = await s.session.findCard();
      if (!found.ok) return fail(io, opts.json, found.error);
      if (found.value === 'present') break;
      if (Date.now() >= deadline)
        return fail(io, opts.json, { code: 'no_card', message: '读卡区没有证件：请把证件平放在读卡器感应区后重试' });
      await new Promise((r) => setTimeout(r, 300));
    }
    // Retried like the kiosk driver does, so one corrupted frame is not shown as a broken reader;
    // the retries are still reported because a reader that needs them has a line worth checking.
    const retries = new PlacementRetries();
    const failed: string[] = [];
    for (;;) {
      const card = await s.session.readCard({ fingerprint: opts.fingerprint, appendedAddress: true });
      if (card.ok) {
        printCard(io, opts, card.value, failed);
        return 0;
      }
      failed.push(card.error.code);
      if (retries.recordFailure(card.error.code)) {
        if (!opts.json) io.err(`读了 ${failed.length} 次都失败（${failed.join('、')}）`);
        return fail(io, opts.json, card.error, { failedAttempts: failed });
      }
    }
  } finally {
    await s.close();
  }
}

function printCard(io: CliIo, opts: CommonOptions, card: IdentityCard, retriedAfter: readonly string[] = []): void {
  const view = cardForDisplay(card, opts.unmasked);
  if (opts.json) {
    io.out(JSON.stringify({ ok: true, card: view, ...(retriedAfter.length > 0 ? { retriedAfter } : {}) }));
    return;
  }
  if (retriedAfter.length > 0) {
    io.out(
      `注意: 重试 ${retriedAfter.length} 次后读成功（${retriedAfter.join('、')}），读卡器会同样重试；经常出现请检查USB线和接口`,
    );
  }
  for (const [key, value] of Object.entries(view)) {
    if (key === 'extra' || key === 'warnings') continue;
    io.out(`${LABELS[key] ?? key}: ${value ?? '—'}`);
  }
  for (const [key, value] of Object.entries(card.extra))
    io.out(`${LABELS[key] ?? key}: ${(view.extra as Record<string, string>)[key] ?? value}`);
  for (const w of card.warnings) io.out(`警告: ${WARNING_MESSAGES[w as CardWarning] ?? w}`);
}

const LABELS: Record<string, string> = {
  cardType: '证件类型',
  name: '姓名',
  gender: '性别',
  nation: '民族',
  birthDate: '出生日期',
  address: '住址',
  idNumber: '证件号码',
  issuer: '签发机关',
  validFrom: '有效期起',
  validUntil: '有效期止',
  photoBytes: '照片数据(字节)',
  fingerprintBytes: '指纹数据(字节)',
  englishName: '英文姓名',
  nationality: '国籍',
  passNumber: '通行证号码',
  issueCount: '签发次数',
  cardVersion: '证件版本',
  acceptingAuthorityCode: '受理机关代码',
  renewalCount: '换证次数',
  previousPermitLink: '旧证号码关联',
  appendedAddress: '最新住址',
};

async function watch(opts: CommonOptions & { pollIntervalMs: number }, io: CliIo): Promise<number> {
  const reader = new IdCardReader({ port: opts.port, baudRate: opts.baudRate, pollIntervalMs: opts.pollIntervalMs });
  const emit = (event: string, data: Record<string, unknown>, text: string) =>
    opts.json ? io.out(JSON.stringify({ event, ...data })) : io.out(`${new Date().toISOString()} ${text}`);
  reader.on('status', (s) =>
    emit('status', { status: s }, `状态: ${s.state}${s.state === 'fault' ? ` ${s.code} ${s.message}` : ''}`),
  );
  reader.on('card', (card) => {
    if (opts.json) io.out(JSON.stringify({ event: 'card', card: cardForDisplay(card, opts.unmasked) }));
    else {
      io.out(`${new Date().toISOString()} 读到证件:`);
      printCard(io, { ...opts, json: false }, card);
    }
  });
  reader.on('removed', () => emit('removed', {}, '证件已拿走'));
  reader.on('readError', (e) => emit('readError', { error: e }, `读卡失败 [${e.code}]: ${e.message}`));
  await reader.start();
  if (reader.status.state === 'disconnected') {
    const why = checkPortAccess(opts.port);
    io.err(`暂时打不开 ${opts.port}${why ? `（${OPEN_ERROR_MESSAGES[why]}）` : ''}，问题解决后会自动连接`);
  }
  await new Promise<void>((resolve) => {
    if (!io.signal) return; // runs until the process is interrupted
    if (io.signal.aborted) resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await reader.stop();
  return 0;
}
