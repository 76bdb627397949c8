/** Messages between the page and the speech-recognition frame (same origin, postMessage). */
export type ToFrame =
  | { readonly type: 'load' }
  | { readonly type: 'start'; readonly phrases: readonly string[] }
  | { readonly type: 'stop' };

export type FromFrame =
  | { readonly type: 'ready' }
  | { readonly type: 'loaded' }
  | { readonly type: 'failed' }
  | { readonly type: 'final'; readonly text: string };

export function isFromFrame(data: unknown): data is FromFrame {
  const type = (data as { type?: unknown } | null)?.type;
  if (type === 'final') return typeof (data as { text?: unknown }).text === 'string';
  return type === 'ready' || type === 'loaded' || type === 'failed';
}

export function isToFrame(data: unknown): data is ToFrame {
  const type = (data as { type?: unknown } | null)?.type;
  if (type === 'start') {
    const phrases = (data as { phrases?: unknown }).phrases;
    return (
      Array.isArray(phrases) && phrases.length <= 500 && phrases.every((p) => typeof p === 'string' && p.length <= 200)
    );
  }
  return type === 'load' || type === 'stop';
}
