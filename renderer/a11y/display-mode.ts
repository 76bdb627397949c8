import { signal } from '@preact/signals';

/**
 * 大字/高对比: larger text and black-on-white with heavier outlines, switched in the top bar. Held
 * in memory for the current visit only: it goes back to normal when the terminal is at rest again
 * (home, no card session), so the next villager starts from the default.
 */
export const largeContrast = signal(false);

/** Called whenever the terminal may have come to rest; `atRest`: home screen and no session. */
export function visitEnded(atRest: boolean): void {
  if (atRest) largeContrast.value = false;
}
