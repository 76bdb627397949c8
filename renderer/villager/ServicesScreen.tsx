import { useEffect, useRef } from 'preact/hooks';
import { zhCN } from '../i18n/zh-CN';
import type { VillagerController } from './controller';

export function ServicesScreen({ c }: { c: VillagerController }) {
  const session = c.state.session.value;
  const services = c.state.services.value;
  const bundles = c.state.bundles.value;
  const notice = c.state.notice.value;
  const noticeRef = useRef<HTMLParagraphElement>(null);
  // The villager tapped a card further down the list: bring the reason it cannot open into view.
  useEffect(() => {
    if (notice) noticeRef.current?.scrollIntoView?.({ block: 'center' });
  }, [notice]);
  return (
    <section class="screen services" data-testid="screen-services">
      {session && (
        <p class="greeting" data-testid="greeting">
          {zhCN.services.greeting(session.maskedName, session.honorific)}
        </p>
      )}
      {session && session.warnings.length > 0 && (
        <p class="notice" data-testid="card-warnings">
          {zhCN.services.cardWarning}
          {session.warnings.join('；')}
        </p>
      )}
      {session && (
        <button
          type="button"
          class="btn btn-secondary"
          data-testid="open-my-applications"
          onClick={() => void c.records.openMyApplications()}
        >
          {zhCN.myApplications.open}
        </button>
      )}
      <h1 class="title">{zhCN.services.title}</h1>
      {notice && (
        <p class="notice" role="alert" data-testid="services-notice" ref={noticeRef}>
          {notice}
        </p>
      )}
      {services === null && !notice && <p class="body">{zhCN.common.loading}</p>}
      {services !== null && services.length === 0 && <p class="body">{zhCN.services.empty}</p>}
      {bundles.length > 0 && (
        <>
          <h2 class="subtitle" data-testid="bundles-title">
            {zhCN.bundles.title}
          </h2>
          <p class="hint">{zhCN.bundles.hint}</p>
          <div class="cards">
            {bundles.map((b) => (
              <button
                type="button"
                class="service-card bundle-card"
                key={b.code}
                data-testid={`bundle-${b.code}`}
                onClick={() => void c.chooseBundle(b.code)}
              >
                <span class="service-name">{b.name}</span>
                <span class="service-desc">{zhCN.bundles.includes(b.serviceNames)}</span>
                <span class="service-meta">
                  <span class="tag tag-category">{zhCN.bundles.count(b.serviceNames.length)}</span>
                </span>
              </button>
            ))}
          </div>
        </>
      )}
      <div class="cards">
        {(services ?? []).map((s) => (
          <button
            type="button"
            class="service-card"
            key={s.code}
            data-testid={`service-${s.code}`}
            onClick={() => void c.chooseService(s.code)}
          >
            <span class="service-name">{s.name}</span>
            {s.description && <span class="service-desc">{s.description}</span>}
            <span class="service-meta">
              <span class="tag tag-category">{s.category}</span>
              {s.offlineAllowed && <span class="tag">{zhCN.services.offlineOk}</span>}
              {s.timeLimitDays !== null && <span class="tag">{zhCN.services.timeLimit(s.timeLimitDays)}</span>}
            </span>
          </button>
        ))}
      </div>
      {session && (
        <div class="forget-own" data-testid="forget-own">
          <p class="help">{zhCN.reuse.forgetHelp}</p>
          <button
            type="button"
            class="btn btn-secondary"
            data-testid="forget-own-data"
            onClick={() => void c.forgetOwnData()}
          >
            {zhCN.reuse.forget}
          </button>
        </div>
      )}
    </section>
  );
}
