import { zhCN } from '../i18n/zh-CN';
import type { VillagerController } from './controller';

/** A low rating: why, from the catalogue's list (big toggle buttons, no typing). */
export function RateReasonsScreen({ c }: { c: VillagerController }) {
  const { reasons, reasonStep, ratingBusy } = c.records.state;
  const step = reasonStep.value;
  const notice = c.state.notice.value;
  if (!step) return null;
  return (
    <section class="screen rate-reasons" data-testid="screen-rate-reasons">
      <p class="rating-chosen" data-testid="rate-reasons-level">
        {c.records.levelLabel(step.level)}
      </p>
      <h1 class="title">{zhCN.rating.reasonsTitle}</h1>
      <p class="hint">{zhCN.rating.reasonsHint}</p>
      {notice && (
        <p class="error" role="alert" data-testid="rate-reasons-error">
          ⚠ {notice}
        </p>
      )}
      <div class="options reason-options">
        {reasons.value.map((r) => {
          const on = step.chosen.includes(r.code);
          return (
            <button
              type="button"
              class={`btn option${on ? ' selected' : ''}`}
              aria-pressed={on}
              key={r.code}
              data-testid={`reason-${r.code}`}
              onClick={() => c.records.toggleReason(r.code)}
            >
              {on ? '✔ ' : ''}
              {r.label}
            </button>
          );
        })}
      </div>
      <div class="nav">
        <button
          type="button"
          class="btn btn-secondary"
          data-testid="rate-reasons-skip"
          onClick={() => c.records.skipReasons()}
        >
          {zhCN.rating.skip}
        </button>
        <button
          type="button"
          class="btn btn-primary"
          disabled={step.chosen.length === 0 || ratingBusy.value}
          data-testid="rate-reasons-submit"
          onClick={() => void c.records.submitReasons()}
        >
          {ratingBusy.value ? zhCN.rating.saving : zhCN.rating.submit}
        </button>
      </div>
    </section>
  );
}
