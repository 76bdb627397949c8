import { describe, expect, it } from 'vitest';
import { checkSender, type SenderInfo } from '../../../../main/electron/policy/sender';

const WINDOW = 7;
const ours: SenderInfo = { contentsId: WINDOW, frameUrl: 'app://kiosk/index.html', isMainFrame: true };

describe('checkSender', () => {
  it('accepts the main frame of our window on app://kiosk', () => {
    expect(checkSender(ours, WINDOW)).toEqual({ ok: true });
    expect(checkSender({ ...ours, frameUrl: 'app://kiosk/#/agent/queue' }, WINDOW)).toEqual({ ok: true });
  });

  it('rejects everything while there is no window', () => {
    expect(checkSender(ours, null)).toEqual({ ok: false, reason: 'no_window' });
  });

  it('rejects another webContents such as DevTools, even showing our URL', () => {
    expect(checkSender({ ...ours, contentsId: 8 }, WINDOW)).toEqual({ ok: false, reason: 'other_contents' });
    expect(
      checkSender(
        { contentsId: 9, frameUrl: 'devtools://devtools/bundled/devtools_app.html', isMainFrame: true },
        WINDOW,
      ),
    ).toEqual({ ok: false, reason: 'other_contents' });
  });

  it('rejects a devtools:// frame inside our own contents', () => {
    expect(checkSender({ ...ours, frameUrl: 'devtools://devtools/bundled/devtools_app.html' }, WINDOW)).toEqual({
      ok: false,
      reason: 'foreign_origin',
    });
  });

  it('rejects subframes, even same-origin ones', () => {
    expect(checkSender({ ...ours, frameUrl: 'app://kiosk/voice/index.html', isMainFrame: false }, WINDOW)).toEqual({
      ok: false,
      reason: 'subframe',
    });
  });

  it('rejects a frame that is gone', () => {
    expect(checkSender({ ...ours, frameUrl: null }, WINDOW)).toEqual({ ok: false, reason: 'no_frame' });
  });

  it.each([
    'file:///opt/cunzhan/resources/app.asar/dist/renderer/index.html',
    'https://example.com/',
    'http://127.0.0.1:5173/',
    'app://kiosk.evil/index.html',
    'app://evil/index.html',
    'app://kiosk@evil/index.html',
    'app://kiosk:8080/index.html',
    'app://user:pw@kiosk/index.html',
    'data:text/html,<script>1</script>',
    'about:blank',
    'blob:app://kiosk/1234',
    '',
    'not a url',
  ])('rejects other origins: %s', (frameUrl) => {
    expect(checkSender({ ...ours, frameUrl }, WINDOW)).toEqual({ ok: false, reason: 'foreign_origin' });
  });
});
