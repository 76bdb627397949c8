// `cunzhan <command> …` (installed as /usr/bin/cunzhan; `npm run cunzhan -- …` in a checkout):
// one entry for the technician CLIs. Each command is a module under main/host/cli/, loaded on
// demand so one broken tool never stops the others; adding a command is one line in `commands`.
import { isPackagedBundle, packagedEnvironment } from '../packaged-paths';

export interface FieldCliIo {
  out(line: string): void;
  err(line: string): void;
  /** Ends long-running commands (watch, listen); wired to Ctrl+C. */
  signal?: AbortSignal;
}

export type FieldCommand = (argv: string[], io: FieldCliIo, env: NodeJS.ProcessEnv) => Promise<number>;

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<FieldCommand>;
}

export const commands: Readonly<Record<string, CommandEntry>> = {
  device: {
    summary: '读卡器、打印机、扫码枪诊断 (idcard|printer|scanner …)',
    load: async () => (await import('./device')).runDeviceCli,
  },
  sync: {
    summary: '注册、同步状态、立即同步、待发队列、技术员 PIN',
    load: async () => (await import('./sync')).runTerminalSyncCli,
  },
  audit: {
    summary: '审计链校验 (verify)',
    load: async () => {
      const { runAuditCli } = await import('./audit');
      return async (argv, io, env) => runAuditCli(argv, io, env);
    },
  },
  wipe: {
    summary: '停用前擦除全部个人数据（需技术员密码）',
    load: async () => {
      const { runWipeCli, readLine } = await import('./wipe');
      return (argv, io, env) => runWipeCli(argv, { ...io, readPin: readLine }, env);
    },
  },
  diag: {
    summary: '导出诊断包 (--out 文件.tar.gz)，个人信息已隐去',
    load: async () => (await import('./diag')).runDiagCli,
  },
  'set-pin': {
    summary: '设置技术员密码（从标准输入读取，不写在命令行上）',
    load: async () => {
      const { runSetPinCli, readPinFromStdin } = await import('./set-pin');
      return (argv, io, env) => runSetPinCli(argv, { ...io, readPin: readPinFromStdin }, env);
    },
  },
};

export function usage(): string[] {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  return [
    '用法: cunzhan <命令> [参数]',
    ...Object.entries(commands).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`),
    '每个命令不带参数运行时显示自己的用法。',
  ];
}

export async function dispatch(argv: readonly string[], io: FieldCliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    for (const line of usage()) (name === undefined ? io.err : io.out)(line);
    return name === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!entry) {
    io.err(`没有这个命令：${name}`);
    for (const line of usage()) io.err(line);
    return 2;
  }
  const run = await entry.load();
  return run(rest, io, env);
}

/**
 * Entry used by the packaged kiosk binary (`--cunzhan-cli`) and by `npm run cunzhan`. Inside a
 * package the commands see the fixed system paths and none of the CUNZHAN_* overrides, like the
 * kiosk itself; process.env is pinned too, for commands that read it directly.
 */
export async function runCunzhanCli(argv: readonly string[]): Promise<number> {
  if (isPackagedBundle(import.meta.url)) {
    const pinned = packagedEnvironment(process.env);
    for (const name of Object.keys(process.env)) if (!(name in pinned)) delete process.env[name];
    Object.assign(process.env, pinned);
  }
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return dispatch(
    argv,
    { out: (l) => console.log(l), err: (l) => console.error(l), signal: controller.signal },
    process.env,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCunzhanCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
