// `npm run device -- <idcard|printer|scanner> <subcommand> ...`: technician device tools.
// Each device's CLI lives with its driver (drivers/<device>/cli.ts) and is loaded on demand, so a
// broken driver never stops the others' tools from working.
export const deviceNames = ['idcard', 'printer', 'scanner'] as const;
type Device = (typeof deviceNames)[number];

export interface DeviceCliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Ends long-running commands (watch, listen); wired to Ctrl+C. */
  signal?: AbortSignal;
}

const loaders: Record<Device, () => Promise<{ runCli(argv: string[], io: DeviceCliIo): Promise<number> }>> = {
  idcard: () => import('../../../drivers/idcard/cli'),
  printer: () => import('../../../drivers/printer/cli'),
  scanner: () => import('../../../drivers/scanner/cli'),
};

export async function runDeviceCli(argv: string[], io: DeviceCliIo): Promise<number> {
  const [device, ...rest] = argv;
  if (!device || !(deviceNames as readonly string[]).includes(device)) {
    io.err(`用法: npm run device -- <${deviceNames.join('|')}> <命令> [选项]`);
    io.err(`Usage: npm run device -- <${deviceNames.join('|')}> <command> [options]`);
    return 2;
  }
  const cli = await loaders[device as Device]();
  return cli.runCli(rest, io);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  runDeviceCli(process.argv.slice(2), {
    out: (l) => console.log(l),
    err: (l) => console.error(l),
    signal: controller.signal,
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
