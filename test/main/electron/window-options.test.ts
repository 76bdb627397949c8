import { describe, expect, it } from 'vitest';
import { kioskWindowOptions } from '../../../main/electron/window-options';

describe('kioskWindowOptions', () => {
  it('locks the production window down', () => {
    const o = kioskWindowOptions({ dev: false, preloadPath: '/app/preload.cjs' });
    expect(o).toMatchObject({ kiosk: true, fullscreen: true, frame: false, autoHideMenuBar: true, show: false });
    expect(o.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
    });
    expect(o.webPreferences).not.toHaveProperty('enableBlinkFeatures');
  });

  it('gives DevTools and a normal window only in dev, keeping the sandbox', () => {
    const o = kioskWindowOptions({ dev: true, preloadPath: '/app/preload.cjs' });
    expect(o).toMatchObject({ kiosk: false, fullscreen: false, frame: true });
    expect(o.webPreferences).toMatchObject({ devTools: true, sandbox: true, contextIsolation: true, nodeIntegration: false });
  });
});
