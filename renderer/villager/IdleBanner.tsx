import { zhCN } from '../i18n/zh-CN';
import type { VillagerController } from './controller';

/** Bottom banner, full width, leaving the task visible above it (no covering pop-up). */
export function IdleBanner({ c }: { c: VillagerController }) {
  const left = c.state.countdown.value;
  if (left === null) return null;
  return (
    <div class="idle-banner" role="alert" data-testid="idle-banner">
      <div class="idle-text">
        <p class="idle-question">{zhCN.idle.question}</p>
        <p class="idle-count" data-testid="idle-countdown">
          {zhCN.idle.countdown(left)}
        </p>
      </div>
      <button type="button" class="btn btn-primary" data-testid="idle-keep-going" onClick={() => c.keepGoing()}>
        {zhCN.idle.keepGoing}
      </button>
    </div>
  );
}
