import { describe, expect, it } from 'vitest';
import {
  devicePermissionAllowed,
  permissionCheckAllowed,
  permissionRequestAllowed,
  type PermissionRequestFacts,
} from '../../../../main/electron/policy/permissions';

const camera: PermissionRequestFacts = {
  permission: 'media',
  fromOurWindow: true,
  requestingUrl: 'app://kiosk/index.html',
  mediaTypes: ['video'],
};

describe('permission requests', () => {
  it('grants camera and microphone to our page', () => {
    expect(permissionRequestAllowed(camera)).toBe(true);
    expect(permissionRequestAllowed({ ...camera, mediaTypes: ['audio'] })).toBe(true);
    expect(permissionRequestAllowed({ ...camera, mediaTypes: ['audio', 'video'] })).toBe(true);
  });

  it('grants the microphone to our own voice frame', () => {
    expect(
      permissionRequestAllowed({ ...camera, requestingUrl: 'app://kiosk/voice/index.html', mediaTypes: ['audio'] }),
    ).toBe(true);
  });

  it.each([
    'geolocation',
    'notifications',
    'clipboard-read',
    'display-capture',
    'fullscreen',
    'openExternal',
    'midiSysex',
    'pointerLock',
    'fileSystem',
    'unknown',
  ])('refuses %s', (permission) => {
    expect(permissionRequestAllowed({ ...camera, permission })).toBe(false);
  });

  it('refuses media to other origins and other windows', () => {
    expect(permissionRequestAllowed({ ...camera, requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(permissionRequestAllowed({ ...camera, requestingUrl: 'file:///tmp/x.html' })).toBe(false);
    expect(permissionRequestAllowed({ ...camera, requestingUrl: undefined })).toBe(false);
    expect(permissionRequestAllowed({ ...camera, fromOurWindow: false })).toBe(false);
  });

  it('refuses media requests that are not camera or microphone (screen capture)', () => {
    expect(permissionRequestAllowed({ ...camera, mediaTypes: [] })).toBe(false);
    expect(permissionRequestAllowed({ ...camera, mediaTypes: undefined })).toBe(false);
    expect(permissionRequestAllowed({ ...camera, mediaTypes: ['video', 'screen'] })).toBe(false);
  });
});

describe('permission checks', () => {
  it('answers yes for media from our origin only', () => {
    const base = { permission: 'media', fromOurWindow: true, requestingOrigin: 'app://kiosk' };
    expect(permissionCheckAllowed(base)).toBe(true);
    expect(permissionCheckAllowed({ ...base, mediaType: 'video' })).toBe(true);
    expect(permissionCheckAllowed({ ...base, requestingOrigin: 'app://kiosk/' })).toBe(true);
    expect(permissionCheckAllowed({ ...base, requestingOrigin: 'https://evil.example' })).toBe(false);
    expect(permissionCheckAllowed({ ...base, embeddingOrigin: 'https://evil.example' })).toBe(false);
    expect(permissionCheckAllowed({ ...base, permission: 'hid' })).toBe(false);
    expect(permissionCheckAllowed({ ...base, permission: 'serial' })).toBe(false);
    expect(permissionCheckAllowed({ ...base, fromOurWindow: false })).toBe(false);
  });

  it('never lets the page choose a USB, HID or serial device', () => {
    expect(devicePermissionAllowed()).toBe(false);
  });
});
