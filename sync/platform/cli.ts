// `npm run platform -- [--port N] [--host H] [--db FILE] [--seed FILE|default] [--admin-token T]
//   [--tls-cert PEM --tls-key PEM] [--cursor-max-age-s N] [--admin-allow-remote] [--log]`
// Prints one JSON line {"url", "admin_token", "platform_public_key", "port", "pid"} when listening.
// SIGTERM/SIGINT close gracefully; SIGKILL is safe too (every effect is one SQLite transaction).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startPlatform } from './server';

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string', default: 'platform.sqlite' },
      seed: { type: 'string' },
      'admin-token': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'cursor-max-age-s': { type: 'string' },
      'admin-allow-remote': { type: 'boolean', default: false },
      log: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key']))
    throw new Error('--tls-cert and --tls-key go together');
  const platform = await startPlatform({
    port: Number(values.port),
    host: values.host,
    dbPath: values.db,
    seed: values.seed === undefined ? undefined : values.seed === 'default' ? true : values.seed,
    adminToken: values['admin-token'],
    tls:
      values['tls-cert'] && values['tls-key']
        ? { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) }
        : undefined,
    cursorMaxAgeMs: values['cursor-max-age-s'] !== undefined ? Number(values['cursor-max-age-s']) * 1000 : undefined,
    adminAllowRemote: values['admin-allow-remote'],
    log: values.log
      ? (e) => process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), ...e })}\n`)
      : undefined,
  });
  process.stdout.write(
    `${JSON.stringify({ url: platform.url, admin_token: platform.adminToken, platform_public_key: platform.platformPublicKey, port: platform.port, pid: process.pid })}\n`,
  );
  const stop = () => {
    platform.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`platform: ${(e as Error).message}\n`);
  process.exit(1);
});
