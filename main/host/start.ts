// `npm start` (= start.ts --demo): the whole terminal on simulated hardware with demo data.
// Without --demo the terminal runs as configured, or in provisioning when it has no config file.
//   npm start                 service host + Electron if present, else Chromium --kiosk, else the URL
//   npm start -- --no-window  only the service host; prints the URL (servers, tests)
//   npm start -- --no-build   skip the renderer build (tests build once beforehand)
//   npm start -- --no-platform  without the reference platform (the terminal stays offline)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolvePaths } from './config';
import { PlatformAdminClient, startPlatform, type RunningPlatform } from '../../sync/platform';
import { ConfigError, startHost, type Host } from './host';
import { startRestartableHost } from './restartable-host';
import { startHttpTransport } from './transports/http-server';
import { voiceModelArchiveOf } from './voice-status';
import { demoAgentRecords } from './demo-agents';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = new Set(process.argv.slice(2));
const demo = args.has('--demo');
const rendererDir = join(root, 'dist', 'renderer');

function say(event: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(event) + '\n');
}

function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function build(script: string): void {
  const run = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`build failed (npm run ${script})`);
}

/** The Electron binary, when the electron package could download it (not on our build machines). */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  if (!args.has('--no-build') || !existsSync(join(rendererDir, 'index.html'))) build('build:renderer');
  const electron = args.has('--no-window') ? null : electronBinary();
  if (electron) {
    // Electron runs its own service host in a utility process: do not start a second one here.
    build('build:electron');
    say({ event: 'window', kind: 'electron' });
    const child = spawn(electron, [join(root, 'dist', 'main', 'electron', 'main.js')], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  // The demo keeps its data in the checkout; a real run uses the terminal's own data folder.
  const env = demo
    ? { ...process.env, CUNZHAN_DATA_DIR: process.env.CUNZHAN_DATA_DIR ?? join(root, '.cunzhan-dev') }
    : process.env;
  const paths = resolvePaths(env);
  const simulated = demo && hasCommand('socat');
  const hosts = await startRestartableHost(
    (onRestartRequested) =>
      startHost({
        onRestartRequested,
        paths,
        logToStderr: process.env.CUNZHAN_LOG_STDERR === '1',
        // Development and tests only (an installed terminal runs the Electron utility host): where the
        // wizard looks for devices and USB sticks.
        ...(process.env.CUNZHAN_SERIAL_BY_ID
          ? {
              deviceDirs: {
                serialById: process.env.CUNZHAN_SERIAL_BY_ID,
                usbPrinters: process.env.CUNZHAN_USB_PRINTERS ?? '/dev/usb',
                proc: process.env.CUNZHAN_PROC_DIR ?? '/proc',
              },
            }
          : {}),
        ...(process.env.CUNZHAN_MEDIA_ROOT ? { mediaRoot: process.env.CUNZHAN_MEDIA_ROOT } : {}),
        // The demo terminal: simulated devices behind the real drivers where a simulator exists.
        ...(demo
          ? {
              configOverride: (c) => ({
                ...c,
                demo: true,
                devices: {
                  ...c.devices,
                  idcard: simulated ? { kind: 'simulator' } : { kind: 'fake' },
                  printer: { kind: 'simulator', paperWidth: 58 },
                },
              }),
            }
          : {}),
      }),
    (error) => {
      say({ event: 'restart_failed', message: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    },
  );
  const host = hosts.current();
  const platform = !demo || args.has('--no-platform') ? null : await startDemoPlatform(join(paths.dataDir, 'platform'));
  const enrolment = platform ? await enrolWithDemoPlatform(host, platform) : null;
  const http = await startHttpTransport({
    dispatch: hosts.dispatch,
    bus: hosts.bus,
    rendererDir,
    port: host.config.http.port,
    launchDir: join(paths.dataDir, 'kiosk'),
    voiceModelArchive: voiceModelArchiveOf(host.config.voice.modelPath),
    speech: hosts.speech,
  });
  // The token is in 0600 files only: not in this line (logs keep stdout) nor on the browser's command line.
  say({
    event: 'listening',
    url: http.url,
    tokenFile: http.tokenFile,
    launchFile: http.launchFile,
    dataDir: paths.dataDir,
    mode: host.mode,
    devices: { idcard: host.config.devices.idcard.kind, printer: host.config.devices.printer.kind },
    platform: platform ? { url: platform.url, adminToken: platform.adminToken, enrolment } : null,
  });

  let child: ReturnType<typeof spawn> | null = null;
  if (!args.has('--no-window')) child = openWindow(http.launchFile!, http.url, paths.dataDir);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    child?.kill('SIGTERM');
    await http.close();
    await hosts.close();
    await platform?.close();
    say({ event: 'stopped', signal });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/**
 * The reference platform for the demo, on a port kept across runs so the terminal's enrolment
 * stays valid (docs/reference-platform.md).
 */
async function startDemoPlatform(dir: string): Promise<RunningPlatform> {
  mkdirSync(dir, { recursive: true });
  const portFile = join(dir, 'port');
  const saved = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : 0;
  const start = (port: number) => startPlatform({ dbPath: join(dir, 'platform.sqlite'), seed: true, port });
  const platform = await start(saved).catch(() => start(0));
  writeFileSync(portFile, String(platform.port));
  return platform;
}

/** A new demo terminal enrols itself with a one-time code from the demo platform. */
async function enrolWithDemoPlatform(host: Host, platform: RunningPlatform): Promise<string> {
  if (host.sync.engine.status().deviceId !== null) return 'already_enrolled';
  const [code] = await new PlatformAdminClient(platform.url, platform.adminToken).issueEnrolmentCodes({ count: 1 });
  const r = await host.sync.engine.enrol({ code: code!, platformUrl: platform.url });
  if (!r.ok) return `failed: ${r.error.code}`;
  // The demo station's agents (docs/agent-guide.md), fetched at once so they can sign in offline.
  await new PlatformAdminClient(platform.url, platform.adminToken).publishAgents(demoAgentRecords(), r.value.deviceId);
  await host.sync.engine.syncNow();
  return 'enrolled';
}

/**
 * Without Electron: Chromium in kiosk mode (the browser kiosk mode), else just where to look. The
 * browser opens the 0600 launch page, which carries the token; `ps` shows only its path.
 */
function openWindow(launchFile: string, url: string, dataDir: string): ReturnType<typeof spawn> | null {
  for (const browser of ['chromium', 'chromium-browser', 'google-chrome']) {
    if (!hasCommand(browser)) continue;
    say({ event: 'window', kind: 'browser-kiosk', browser });
    return spawn(
      browser,
      [
        `--app=${pathToFileURL(launchFile).href}`,
        '--kiosk',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-sync',
        '--disable-component-update',
        '--use-fake-ui-for-media-stream',
        `--user-data-dir=${join(dataDir, 'browser-profile')}`,
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ],
      { stdio: 'ignore' },
    );
  }
  say({
    event: 'window',
    kind: 'none',
    message: `Open ${launchFile} in a browser on this machine (it opens ${url} with the token)`,
  });
  return null;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
