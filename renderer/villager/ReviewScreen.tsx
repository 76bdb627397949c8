import { zhCN } from '../i18n/zh-CN';
import { isAnswered } from '../logic/form-value';
import { reviewText } from '../logic/review-text';
import { isReused } from '../logic/form-steps';
import type { VillagerController } from './controller';

export function ReviewScreen({ c }: { c: VillagerController }) {
  const p = c.state.form.value;
  const saving = c.state.saving.value;
  const notice = c.state.notice.value;
  if (!p) return null;
  return (
    <section class="screen review" data-testid="screen-review">
      <p class="step">{p.form.serviceName}</p>
      <h1 class="title">{zhCN.review.title}</h1>
      <dl class="review-list">
        {p.prefilled.map((f) => (
          <div class="row" key={f.id} data-testid={`review-${f.id}`}>
            <dt>{f.label}</dt>
            <dd>{f.prefilledDisplay}</dd>
          </div>
        ))}
        {p.asked.map((f) => (
          <div class="row" key={f.id} data-testid={`review-${f.id}`}>
            <dt>{f.label}</dt>
            <dd>
              {isReused(p, f.id) && f.reuseDisplay
                ? zhCN.reuse.reviewed(f.reuseDisplay)
                : isAnswered(p.values[f.id])
                  ? reviewText(f, p.values[f.id]!, zhCN.review)
                  : zhCN.review.empty}
            </dd>
            {/* A <dl> row may hold only dt and dd (axe definition-list): the button sits in its own dd. */}
            <dd class="row-action">
              <button
                type="button"
                class="btn btn-small"
                disabled={saving}
                data-testid={`review-edit-${f.id}`}
                onClick={() => c.editField(f.id)}
              >
                {zhCN.review.change}
              </button>
            </dd>
          </div>
        ))}
      </dl>
      {notice && (
        <p class="error" role="alert" data-testid="review-error">
          ⚠ {notice}
        </p>
      )}
      <div class="nav">
        <button
          type="button"
          class="btn btn-secondary"
          disabled={saving}
          data-testid="review-back"
          onClick={() => c.reviewBack()}
        >
          {zhCN.common.back}
        </button>
        <button
          type="button"
          class="btn btn-primary btn-wide"
          disabled={saving}
          aria-busy={saving}
          data-testid="review-submit"
          onClick={() => void c.submit()}
        >
          {saving ? zhCN.review.saving : zhCN.review.submit}
        </button>
      </div>
    </section>
  );
}
