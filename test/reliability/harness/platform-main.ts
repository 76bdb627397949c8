// The platform of a fault run or a weak-link test, as a child process that can be SIGKILLed: the
// project's reference platform (startPlatform). It prints the port it got: fault runs pass port 0
// (platform-proc.ts says why), a weak-link test a fixed port inside its own network namespace. With `adminSocket` it also relays a unix
// socket to its own port, which lets the harness in the root namespace reach the admin API of a
// platform that lives inside a network namespace (paths on the file system cross namespaces).
import { readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { startPlatform } from '../../../sync/platform/server';

export interface PlatformArgs {
  dbPath: string;
  host: string;
  port: number;
  adminToken: string;
  seedPath?: string;
  tls?: { certPath: string; keyPath: string };
  adminSocket?: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as PlatformArgs;
const platform = await startPlatform({
  dbPath: args.dbPath,
  host: args.host,
  port: args.port,
  adminToken: args.adminToken,
  seed: args.seedPath,
  adminAllowRemote: args.adminSocket !== undefined,
  tls: args.tls ? { cert: readFileSync(args.tls.certPath), key: readFileSync(args.tls.keyPath) } : undefined,
});

if (args.adminSocket) {
  rmSync(args.adminSocket, { force: true });
  const relay = createServer((client) => {
    const upstream = connect(platform.port, platform.host);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(args.adminSocket, resolve));
}

process.stdout.write(`${JSON.stringify({ ev: 'listening', url: platform.url, port: platform.port })}\n`);
process.on('SIGTERM', () => {
  void platform.close().finally(() => process.exit(0));
});
