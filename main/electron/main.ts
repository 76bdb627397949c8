import {
  app,
  Menu,
  ipcMain,
  protocol,
  safeStorage,
  session,
  utilityProcess,
  type BrowserWindow,
  type IpcMainEvent,
  type IpcMainInvokeEvent,
  type UtilityProcess,
  type WebContents,
} from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ipcChannels } from '../contract/kiosk-api';
import { createWireBridge } from '../contract/wire-client';
import { createAppRequestHandler } from './app-protocol';
import { createHostSupervisor, type HostChild } from './host-supervisor';
import { createIpcGateway } from './ipc-gateway';
import { answerKeyRequest } from './keystore/safe-storage-responder';
import { packagedEnvironment } from '../host/packaged-paths';
import { loadConfig, resolvePaths } from '../host/config';
import { voiceModelArchiveOf } from '../host/voice-status';
import { speechCacheDir } from '../speech/speech-wiring';
import { fieldCliArguments } from './field-cli';
import { checkPackagedSwitches, parseLaunchOptions } from './launch-options';
import { downloadAllowed, navigationAllowed, webviewAttachAllowed, windowOpenAction } from './policy/navigation';
import { APP_ENTRY_URL, APP_SCHEME } from './policy/origin';
import { devicePermissionAllowed, permissionCheckAllowed, permissionRequestAllowed } from './policy/permissions';
import type { SenderInfo } from './policy/sender';
import { createKioskWindow } from './window-options';

// Thin wiring only: every decision lives in ./policy, ./ipc-gateway and ./host-supervisor,
// which are unit-tested without Electron.

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (line: string) => console.log(`[electron] ${line}`);

const options = parseLaunchOptions({
  argv: process.argv,
  env: process.env,
  isPackaged: app.isPackaged,
  bundleDir: here,
});
const switches = checkPackagedSwitches(process.argv, app.isPackaged);
const cliArgv = fieldCliArguments(process.argv);

if (!switches.ok) {
  console.error(switches.error.message);
  app.exit(2);
} else if (cliArgv !== null) {
  // `cunzhan <command>` (/usr/bin/cunzhan): the technician CLIs, run by this binary because the
  // runAsNode fuse is off and the native modules are built for Electron's ABI.
  runFieldCli(cliArgv).then(
    (code) => app.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      app.exit(1);
    },
  );
} else if (!claimKioskInstance()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;

  const supervisor = createHostSupervisor({
    spawn: () => spawnHost(options.configPath),
    answerKey: (op, data) => answerKeyRequest(op, data, safeStorage),
    onRecovering: (recovering, reason) => gateway.setRecovering(recovering, reason),
    log,
  });
  const gateway = createIpcGateway({
    host: createWireBridge(supervisor.pipe),
    windowContentsId: () => (win && !win.isDestroyed() ? win.webContents.id : null),
    sendEvent: (topic, payload) => {
      if (win && !win.isDestroyed()) win.webContents.send(ipcChannels.event, topic, payload);
    },
    onReject: (reason, method) => log(`rejected IPC (${reason})${method ? ` for ${method}` : ''}`),
  });

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  // Applies to every webContents, including any we did not create on purpose.
  app.on('web-contents-created', (_event, contents) => lockDown(contents));

  app
    .whenReady()
    .then(() => {
      Menu.setApplicationMenu(null);
      const ses = session.defaultSession;
      const paths = resolvePaths(process.env, { packaged: options.packaged });
      // The same file the host reads; a broken one leaves the model off here (the host says why).
      const config = loadConfig(options.configPath ?? paths.configFile);
      ses.protocol.handle(
        APP_SCHEME,
        createAppRequestHandler({
          rootDir: options.rendererDir,
          // The host's spoken prompts, from the data folder the host itself resolves.
          speechDir: speechCacheDir(paths.dataDir),
          voiceModelArchive: voiceModelArchiveOf(config.ok ? config.config.voice.modelPath : undefined),
        }),
      );
      ses.setPermissionRequestHandler((contents, permission, callback, details) => {
        callback(
          permissionRequestAllowed({
            permission,
            fromOurWindow: isOurContents(contents),
            requestingUrl: details.requestingUrl,
            mediaTypes: 'mediaTypes' in details ? details.mediaTypes : undefined,
          }),
        );
      });
      ses.setPermissionCheckHandler((contents, permission, requestingOrigin, details) =>
        permissionCheckAllowed({
          permission,
          fromOurWindow: isOurContents(contents),
          requestingOrigin,
          embeddingOrigin: details.embeddingOrigin,
          mediaType: details.mediaType,
        }),
      );
      ses.setDevicePermissionHandler(() => devicePermissionAllowed());
      ses.on('will-download', (event, item) => {
        if (!downloadAllowed()) {
          event.preventDefault();
          item.cancel();
        }
      });

      ipcMain.handle(ipcChannels.invoke, (event, method: unknown, args: unknown) =>
        gateway.invoke(senderOf(event), method, args),
      );
      ipcMain.on(ipcChannels.subscribe, (event, topic: unknown) => gateway.subscribe(senderOf(event), topic));
      ipcMain.on(ipcChannels.unsubscribe, (event, topic: unknown) => gateway.unsubscribe(senderOf(event), topic));

      supervisor.start();
      win = createWindow();
    })
    .catch((error: unknown) => {
      log(`start failed: ${error instanceof Error ? error.message : String(error)}`);
      app.exit(1);
    });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    void supervisor.stop().finally(() => app.quit());
  });
  app.on('window-all-closed', () => app.quit());

  function createWindow(): BrowserWindow {
    const window = createKioskWindow({ dev: options.dev, preloadPath: path.join(here, 'preload.cjs') });
    const contents = window.webContents;
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) gateway.reset();
    });
    contents.on('render-process-gone', (_event, details) => {
      log(`renderer gone (${details.reason}); reloading`);
      gateway.reset();
      if (details.reason !== 'clean-exit')
        setTimeout(() => {
          if (!window.isDestroyed()) window.reload();
        }, 1_000);
    });
    // An accidental pinch on the touch screen would leave an elderly villager stuck in a zoomed page;
    // the villager screens are large by design instead.
    void contents.setVisualZoomLevelLimits(1, 1);
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (win === window) win = null;
    });
    if (options.dev) contents.openDevTools({ mode: 'detach' });
    void window.loadURL(APP_ENTRY_URL);
    return window;
  }

  function isOurContents(contents: WebContents | null): boolean {
    return contents !== null && win !== null && !win.isDestroyed() && contents.id === win.webContents.id;
  }
}

/** Scheme registration must happen before `ready`; the lock keeps one kiosk per machine. */
function claimKioskInstance(): boolean {
  // A standard, secure scheme gives the page a real origin.
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        corsEnabled: true,
        stream: true,
        codeCache: true,
      },
    },
  ]);
  // Lets speechSynthesis reach speech-dispatcher on Linux (spoken guidance).
  app.commandLine.appendSwitch('enable-speech-dispatcher');
  return app.requestSingleInstanceLock();
}

async function runFieldCli(argv: readonly string[]): Promise<number> {
  // Bundled apart (scripts/build-electron.ts) so the drivers stay out of the kiosk's main bundle.
  const cli = (await import(pathToFileURL(path.join(here, '..', 'host', 'cli.js')).href)) as {
    runCunzhanCli(argv: readonly string[]): Promise<number>;
  };
  return cli.runCunzhanCli(argv);
}

function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(() => windowOpenAction());
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!navigationAllowed(url)) {
      event.preventDefault();
      log('blocked navigation away from app://kiosk');
    }
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  contents.on('will-frame-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event) => guard(event, event.url));
  contents.on('will-attach-webview', (event) => {
    if (!webviewAttachAllowed()) event.preventDefault();
  });
}

function senderOf(event: IpcMainInvokeEvent | IpcMainEvent): SenderInfo {
  const frame = event.senderFrame;
  const main = event.sender.mainFrame;
  return {
    contentsId: event.sender.id,
    frameUrl: frame ? frame.url : null,
    isMainFrame:
      frame !== null &&
      frame.parent === null &&
      frame.processId === main.processId &&
      frame.routingId === main.routingId,
  };
}

function spawnHost(configPath: string | undefined): HostChild {
  // Unpackaged, the host finds its data folder like `npm start` does (CUNZHAN_DATA_DIR, else
  // ~/.local/share/cunzhan). Packaged, it gets the fixed system paths and none of the overrides.
  const args = configPath ? [`--config=${configPath}`] : [];
  const child: UtilityProcess = utilityProcess.fork(path.join(here, '..', 'host', 'utility-entry.js'), args, {
    serviceName: 'cunzhan-host',
    stdio: 'inherit',
    env: options.packaged ? packagedEnvironment(process.env) : process.env,
  });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => {
      child.on('message', listener);
    },
    onExit: (listener) => {
      child.on('exit', listener);
    },
    kill: () => {
      child.kill();
    },
  };
}
