import { SpeakerIcon } from '../components/Illustrations';
import { formatDateTime, zhCN } from '../i18n/zh-CN';
import type { VillagerController } from './controller';

function Pager({
  index,
  count,
  onTurn,
  testid,
}: {
  index: number;
  count: number;
  onTurn: (delta: number) => void;
  testid: string;
}) {
  if (count <= 1) return null;
  return (
    <div class="pager" data-testid={testid}>
      <button type="button" class="btn btn-secondary" disabled={index === 0} onClick={() => onTurn(-1)}>
        {zhCN.notices.previous}
      </button>
      <span class="pager-where" data-testid={`${testid}-where`}>
        {zhCN.notices.pageOf(index + 1, count)}
      </span>
      <button type="button" class="btn btn-secondary" disabled={index >= count - 1} onClick={() => onTurn(1)}>
        {zhCN.notices.next}
      </button>
    </div>
  );
}

/** 政务公开: one page of notice titles in large type; a title opens the notice. */
export function NoticesScreen({ c }: { c: VillagerController }) {
  const board = c.notices;
  const page = board.state.listPage.value;
  return (
    <section class="screen notices" data-testid="screen-notices">
      <h1 class="title">{zhCN.notices.title}</h1>
      {page.items.length === 0 && <p class="hint">{zhCN.notices.empty}</p>}
      <ul class="notice-list">
        {page.items.map((n) => (
          <li key={n.id}>
            <button
              type="button"
              class={`btn notice-item${n.urgent ? ' notice-urgent' : ''}`}
              data-testid={`notice-${n.id}`}
              onClick={() => c.openNotice(n.id)}
            >
              <span class="notice-title">{n.title}</span>
              <span class="notice-meta">
                {n.urgent && <strong class="notice-tag">{zhCN.notices.urgentLabel}</strong>}
                {n.category && <span>{n.category}</span>}
                <span>{formatDateTime(n.publishedAt)}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <Pager
        index={page.index}
        count={page.count}
        onTurn={(d) => {
          c.activity();
          board.turnList(d);
        }}
        testid="notices-pager"
      />
    </section>
  );
}

/** One notice, its text paged; read aloud on request (the page on screen). */
export function NoticeScreen({ c }: { c: VillagerController }) {
  const board = c.notices;
  const n = board.state.open.value;
  const text = board.state.openText.value;
  return (
    <section class="screen notice-detail" data-testid="screen-notice">
      {n && text ? (
        <>
          <h1 class="title" data-testid="notice-title">
            {n.urgent && <strong class="notice-tag">{zhCN.notices.urgentLabel}</strong>} {n.title}
          </h1>
          <p class="hint">{zhCN.notices.publishedOn(formatDateTime(n.publishedAt))}</p>
          <p class="notice-body" data-testid="notice-body">
            {text.items[0]}
          </p>
          <Pager
            index={text.index}
            count={text.count}
            onTurn={(d) => {
              c.activity();
              board.turnText(d);
            }}
            testid="notice-pager"
          />
          <button type="button" class="btn btn-primary" data-testid="notice-read" onClick={() => board.readAloud()}>
            <SpeakerIcon /> {zhCN.notices.readAloud}
          </button>
        </>
      ) : (
        <p class="hint" data-testid="notice-gone">
          {zhCN.notices.gone}
        </p>
      )}
      <button type="button" class="btn btn-secondary" data-testid="notice-back" onClick={() => c.closeNotice()}>
        {zhCN.notices.backToList}
      </button>
    </section>
  );
}
