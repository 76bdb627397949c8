import { BrowserWindow } from 'electron';

/**
 * The kiosk window. The options are one literal inside the `new BrowserWindow` call on purpose:
 * electronegativity (npm test, on the built bundle) can only judge settings it can see there,
 * and test/main/electron/window-options.test.ts checks the same object through a mocked Electron.
 * Electron's defaults already match most of these; they are spelled out so an upgrade or a
 * careless edit shows up in review and in the test.
 */
export function createKioskWindow(options: { dev: boolean; preloadPath: string }): BrowserWindow {
  const { dev } = options;
  return new BrowserWindow({
    show: false,
    kiosk: !dev,
    fullscreen: !dev,
    frame: dev,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    width: dev ? 1280 : undefined,
    height: dev ? 800 : undefined,
    webPreferences: {
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: dev,
      navigateOnDragDrop: false,
      spellcheck: false,
      // alert()/confirm() would block the page behind a native dialog a villager cannot close.
      disableDialogs: true,
      safeDialogs: true,
      // A middle click would otherwise fire auxclick on links; new windows are denied anyway.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}
