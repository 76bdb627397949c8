import { beforeEach, describe, expect, it, vi } from 'vitest';

const created = vi.hoisted(() => [] as Record<string, unknown>[]);
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: Record<string, unknown>) {
      created.push(options);
    }
  },
}));

const { createKioskWindow } = await import('../../../main/electron/window-options');

function optionsOf(dev: boolean): Record<string, unknown> & { webPreferences: Record<string, unknown> } {
  created.length = 0;
  createKioskWindow({ dev, preloadPath: '/app/preload.cjs' });
  expect(created).toHaveLength(1);
  return created[0] as Record<string, unknown> & { webPreferences: Record<string, unknown> };
}

describe('createKioskWindow', () => {
  beforeEach(() => {
    created.length = 0;
  });

  it('locks the production window down', () => {
    const o = optionsOf(false);
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
      disableDialogs: true,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(o.webPreferences).not.toHaveProperty('enableBlinkFeatures');
  });

  it('gives DevTools and a normal window only in dev, keeping the sandbox', () => {
    const o = optionsOf(true);
    expect(o).toMatchObject({ kiosk: false, fullscreen: false, frame: true });
    expect(o.webPreferences).toMatchObject({
      devTools: true,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
  });
});
