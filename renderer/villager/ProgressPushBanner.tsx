import { zhCN } from '../i18n/zh-CN';
import type { VillagerController } from './controller';

/**
 * The platform moved one of the card holder's applications on: a line under the top bar (not a
 * pop-up), kept off the form and review screens so it never interrupts an application.
 */
export function ProgressPushBanner({ c }: { c: VillagerController }) {
  const p = c.records.state.pushed.value;
  const screen = c.state.screen.value.name;
  if (!p || screen === 'form' || screen === 'review' || screen === 'rateReasons') return null;
  return (
    <div class="push-banner" role="status" data-testid="progress-pushed">
      <p class="push-text">ℹ {zhCN.progressPushed.title(p.serviceName, zhCN.progress.status[p.status])}</p>
      <button
        type="button"
        class="btn btn-primary"
        data-testid="progress-pushed-view"
        onClick={() => void c.lookUpProgress(p.localNumber)}
      >
        {zhCN.progressPushed.view}
      </button>
      <button
        type="button"
        class="btn btn-secondary"
        data-testid="progress-pushed-dismiss"
        onClick={() => c.records.dismissPushed()}
      >
        {zhCN.progressPushed.dismiss}
      </button>
    </div>
  );
}
