import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The kiosk window. Pure so the security-relevant settings are tested rather than trusted.
 * Electron's defaults already match most of these; they are spelled out so an upgrade or a
 * careless edit shows up in review and in the test.
 */
export function kioskWindowOptions(options: { dev: boolean; preloadPath: string }): BrowserWindowConstructorOptions {
  const { dev } = options;
  return {
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
    },
  };
}
