import { formatDateTime, zhCN } from '../i18n/zh-CN';
import type { VillagerController } from './controller';

/** Rows per page: large type, paged with buttons rather than scrolled. */
export const MY_APPLICATIONS_PER_PAGE = 3;

const statusIcon = (status: string): string =>
  status === 'completed' || status === 'accepted' || status === 'in_progress'
    ? '✔'
    : status === 'saved_offline' || status === 'sending'
      ? '…'
      : '⚠';

/** 我的办件: the card holder's applications at this station, newest first; a tap opens its progress. */
export function MyApplicationsScreen({ c }: { c: VillagerController }) {
  const { applications, page } = c.records.state;
  const all = applications.value ?? [];
  const pages = Math.max(1, Math.ceil(all.length / MY_APPLICATIONS_PER_PAGE));
  const current = Math.min(page.value, pages - 1);
  const shown = all.slice(current * MY_APPLICATIONS_PER_PAGE, (current + 1) * MY_APPLICATIONS_PER_PAGE);
  return (
    <section class="screen my-applications" data-testid="screen-my-applications">
      <h1 class="title">{zhCN.myApplications.title}</h1>
      <p class="hint" data-testid="my-applications-count">
        {all.length === 0 ? zhCN.myApplications.empty : zhCN.myApplications.count(all.length)}
      </p>
      <div class="my-apps">
        {shown.map((a) => (
          <button
            type="button"
            class="my-app"
            key={a.localNumber}
            data-testid="my-application"
            onClick={() => void c.lookUpProgress(a.localNumber)}
          >
            <span class="my-app-head">
              <span class="service-name">{a.serviceName}</span>
              <span class={`my-app-status status-${a.status}`}>
                {statusIcon(a.status)} {zhCN.progress.status[a.status]}
              </span>
            </span>
            <span class="my-app-meta">
              {zhCN.myApplications.savedAt} {formatDateTime(a.savedAt)} · {a.localNumber}
              {a.rated && <span class="tag">{zhCN.myApplications.rated}</span>}
            </span>
            {a.note && (
              <span class="my-app-note">
                {zhCN.myApplications.note}：{a.note}
              </span>
            )}
          </button>
        ))}
      </div>
      <div class="nav">
        <button
          type="button"
          class="btn btn-secondary"
          data-testid="my-applications-back"
          onClick={() => c.backToServices()}
        >
          {zhCN.myApplications.back}
        </button>
        {pages > 1 && (
          <>
            <button
              type="button"
              class="btn btn-secondary"
              disabled={current === 0}
              data-testid="my-applications-previous"
              onClick={() => c.records.turnPage(-1, pages)}
            >
              {zhCN.myApplications.previous}
            </button>
            <span class="body my-apps-page" data-testid="my-applications-page">
              {zhCN.myApplications.page(current + 1, pages)}
            </span>
            <button
              type="button"
              class="btn btn-secondary"
              disabled={current >= pages - 1}
              data-testid="my-applications-next"
              onClick={() => c.records.turnPage(1, pages)}
            >
              {zhCN.myApplications.next}
            </button>
          </>
        )}
      </div>
    </section>
  );
}
