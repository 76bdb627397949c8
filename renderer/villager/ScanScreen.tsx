import { LazyScanView } from '../camera/LazyScanView';
import { zhCN } from '../i18n/zh-CN';
import type { VillagerController } from './controller';

const labels = { hint: zhCN.scanScreen.hint, starting: zhCN.scanScreen.starting, errors: zhCN.cameraErrors };

/**
 * The camera scan screen. ScanView opens the camera when this screen mounts and stops every track
 * when it unmounts, so leaving by any way (返回, 回首页, idle reset, a card placed) releases it.
 */
export function ScanScreen({ c }: { c: VillagerController }) {
  const notice = c.state.notice.value;
  return (
    <section class="screen scan" data-testid="screen-scan">
      <h1 class="title">{zhCN.scanScreen.title}</h1>
      <LazyScanView
        labels={labels}
        onCode={(code) => void c.submitCameraCode(code)}
        onError={(code) => c.cameraFailed(code)}
        class="scan-view scan-view-villager"
      />
      {c.state.checkingScan.value && (
        <p class="hint" data-testid="scan-checking">
          {zhCN.scanScreen.checking}
        </p>
      )}
      {notice && (
        <p class="error" role="alert" data-testid="scan-error">
          ⚠ {notice}
        </p>
      )}
      <button type="button" class="btn btn-secondary" data-testid="scan-back" onClick={() => void c.goHome()}>
        {zhCN.scanScreen.back}
      </button>
    </section>
  );
}
