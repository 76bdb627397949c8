import { isAppUrl } from './origin';

/** What Electron tells us about the sender of an IPC message, reduced to plain values. */
export interface SenderInfo {
  /** webContents.id of the sender. */
  contentsId: number;
  /** URL of event.senderFrame; null when the frame is gone (navigated or destroyed). */
  frameUrl: string | null;
  /** True only when senderFrame is the main frame of the sender's webContents. */
  isMainFrame: boolean;
}

export type SenderVerdict =
  { ok: true } | { ok: false; reason: 'no_window' | 'other_contents' | 'no_frame' | 'subframe' | 'foreign_origin' };

/**
 * Only the main frame of our kiosk window, showing our own app:// page, may call the host.
 * DevTools, other windows, iframes (even same-origin ones) and pages that navigated away fail.
 */
export function checkSender(sender: SenderInfo, windowContentsId: number | null): SenderVerdict {
  if (windowContentsId === null) return { ok: false, reason: 'no_window' };
  if (sender.contentsId !== windowContentsId) return { ok: false, reason: 'other_contents' };
  if (sender.frameUrl === null) return { ok: false, reason: 'no_frame' };
  if (!sender.isMainFrame) return { ok: false, reason: 'subframe' };
  if (!isAppUrl(sender.frameUrl)) return { ok: false, reason: 'foreign_origin' };
  return { ok: true };
}
