import { isAppOrigin, isAppUrl } from './origin';

/**
 * Electron grants every permission unless told otherwise. We grant exactly one: `media`
 * (camera for QR codes, microphone for push-to-talk), to our own page in our own window.
 */
export interface PermissionRequestFacts {
  permission: string;
  /** The webContents asking is our kiosk window. */
  fromOurWindow: boolean;
  requestingUrl: string | undefined;
  /** Only for `media`: what the page asks for. */
  mediaTypes?: readonly string[] | undefined;
}

const allowedMediaTypes = new Set(['video', 'audio']);

export function permissionRequestAllowed(facts: PermissionRequestFacts): boolean {
  if (!facts.fromOurWindow) return false;
  if (facts.permission !== 'media') return false;
  if (!isAppUrl(facts.requestingUrl)) return false;
  const types = facts.mediaTypes ?? [];
  // Screen capture arrives as `media` without video/audio types; an empty list is not ours.
  if (types.length === 0) return false;
  return types.every((t) => allowedMediaTypes.has(t));
}

export interface PermissionCheckFacts {
  permission: string;
  fromOurWindow: boolean;
  requestingOrigin: string;
  /** Present for checks from subframes: the top-level origin embedding them. */
  embeddingOrigin?: string | undefined;
  mediaType?: string | undefined;
}

/** Synchronous checks (navigator.permissions, enumerateDevices labels): same rule as requests. */
export function permissionCheckAllowed(facts: PermissionCheckFacts): boolean {
  if (!facts.fromOurWindow) return false;
  if (facts.permission !== 'media') return false;
  if (!isAppOrigin(facts.requestingOrigin) && !isAppUrl(facts.requestingOrigin)) return false;
  if (facts.embeddingOrigin !== undefined && !isAppOrigin(facts.embeddingOrigin) && !isAppUrl(facts.embeddingOrigin)) {
    return false;
  }
  return facts.mediaType === undefined || facts.mediaType === 'unknown' || allowedMediaTypes.has(facts.mediaType);
}

/** WebHID / Web Serial / WebUSB from the page: never. Devices belong to the service host. */
export function devicePermissionAllowed(): boolean {
  return false;
}
