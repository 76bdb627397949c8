import { describe, expect, it } from 'vitest';
import {
  downloadAllowed,
  navigationAllowed,
  webviewAttachAllowed,
  windowOpenAction,
} from '../../../../main/electron/policy/navigation';

describe('navigation rules', () => {
  it('allows staying on app://kiosk (reload, idle reset to home)', () => {
    expect(navigationAllowed('app://kiosk/index.html')).toBe(true);
    expect(navigationAllowed('app://kiosk/')).toBe(true);
  });

  it.each([
    'https://gov.example.cn/',
    'http://127.0.0.1:8080/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
    'app://kiosk.evil.cn/',
    'app://other/index.html',
    'app://kiosk@evil.cn/',
    'chrome://settings',
    'devtools://devtools/bundled/devtools_app.html',
  ])('blocks navigation to %s', (url) => {
    expect(navigationAllowed(url)).toBe(false);
  });

  it('denies every new window, download and webview', () => {
    expect(windowOpenAction()).toEqual({ action: 'deny' });
    expect(downloadAllowed()).toBe(false);
    expect(webviewAttachAllowed()).toBe(false);
  });
});
