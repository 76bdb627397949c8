import type { BundleSubmitResult, SubmitResult } from '../../main/contract/views';
import { zhCN } from '../i18n/zh-CN';
import type { VillagerController } from './controller';
import { RatingPanel } from './RatingPanel';

export function DoneScreen({ c, result }: { c: VillagerController; result: SubmitResult | BundleSubmitResult }) {
  const left = c.state.doneLeft.value;
  const bundle = 'bundle' in result ? result.bundle : null;
  return (
    <section class="screen done" data-testid="screen-done">
      <p class="done-icon" aria-hidden="true">
        ✔
      </p>
      <h1 class="title" data-testid="done-title">
        {bundle ? zhCN.bundles.doneTitle(bundle.members.length) : zhCN.done.title}
      </h1>
      {bundle ? (
        <>
          <p class="label">
            {bundle.name} · {zhCN.bundles.membersLabel}
          </p>
          <dl class="review-list" data-testid="done-members">
            {bundle.members.map((m) => (
              <div class="row" key={m.txId}>
                <dt>{m.serviceName}</dt>
                <dd class="number">{m.localNumber}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <>
          <p class="label">{zhCN.done.numberLabel}</p>
          <p class="big-number" data-testid="done-number">
            {result.localNumber}
          </p>
        </>
      )}
      {result.print.printed ? (
        <p class="body ok" data-testid="done-printed">
          {zhCN.done.printed}
        </p>
      ) : (
        <p class="notice" data-testid="done-not-printed">
          {zhCN.done.notPrinted}
        </p>
      )}
      {bundle && (
        <p class="hint" data-testid="done-rating-all">
          {zhCN.bundles.ratingForAll}
        </p>
      )}
      <RatingPanel c={c} localNumber={result.localNumber} />
      <button type="button" class="btn btn-primary btn-wide" data-testid="done-home" onClick={() => void c.goHome()}>
        {zhCN.common.home}
      </button>
      {left !== null && (
        <p class="hint" data-testid="done-countdown">
          {zhCN.done.autoHome(left)}
        </p>
      )}
    </section>
  );
}
