import { useEffect, useState } from 'preact/hooks';
import type { ScanView, ScanViewProps } from './ScanView';

let loading: Promise<typeof ScanView> | null = null;

/**
 * ScanView loaded on first use: zxing is most of the page's script, and villagers who never open
 * the camera should not wait for it at start-up. Shows the "starting" label while it loads.
 */
export function LazyScanView(props: ScanViewProps) {
  const [View, setView] = useState<typeof ScanView | null>(null);
  useEffect(() => {
    let alive = true;
    loading ??= import('./ScanView').then((m) => m.ScanView);
    void loading.then((v) => {
      if (alive) setView(() => v);
    });
    return () => {
      alive = false;
    };
  }, []);
  if (!View) {
    return (
      <div class={props.class ?? 'scan-view'} data-phase="loading" data-camera-active="false" data-testid="scan-view">
        <p role="status" aria-live="polite">
          {props.labels.starting}
        </p>
      </div>
    );
  }
  return <View {...props} />;
}
