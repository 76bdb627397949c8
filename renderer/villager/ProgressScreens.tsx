import { useState } from 'preact/hooks';
import type { ProgressView } from '../../main/contract/views';
import { Keypad } from '../components/Keypad';
import { formatDateTime, zhCN } from '../i18n/zh-CN';
import { keypadSpecFor } from '../logic/keypad';
import type { VillagerController } from './controller';
import { RatingPanel } from './RatingPanel';

export function ProgressEntryScreen({ c }: { c: VillagerController }) {
  const [typed, setTyped] = useState('');
  const notice = c.state.notice.value;
  return (
    <section class="screen progress-entry" data-testid="screen-progress-entry">
      <h1 class="title">{zhCN.progressEntry.title}</h1>
      <p class="hint">{zhCN.progressEntry.hint}</p>
      {notice && (
        <p class="error" role="alert" data-testid="progress-error">
          ⚠ {notice}
        </p>
      )}
      <Keypad spec={keypadSpecFor('localNumber')} value={typed} onChange={setTyped} testid="progress-keypad" />
      <button
        type="button"
        class="btn btn-primary btn-wide"
        disabled={typed.length < 6}
        data-testid="progress-search"
        onClick={() => void c.lookUpProgress(typed)}
      >
        {zhCN.progressEntry.search}
      </button>
    </section>
  );
}

export function ProgressScreen({ c, view }: { c: VillagerController; view: ProgressView }) {
  const rows: [string, string | null, string][] = [
    [zhCN.progress.numberLabel, view.localNumber, 'number'],
    [zhCN.progress.platformNumberLabel, view.platformNumber, 'platform'],
    [zhCN.progress.savedAtLabel, formatDateTime(view.savedAt), 'saved'],
    [zhCN.progress.idLabel, view.maskedIdNumber, 'id'],
    [zhCN.progress.noteLabel, view.note, 'note'],
  ];
  return (
    <section class="screen progress" data-testid="screen-progress">
      <h1 class="title">{zhCN.progress.title}</h1>
      <p class="service-name">{view.serviceName}</p>
      <p class={`status status-${view.status}`} data-testid="progress-status">
        {zhCN.progress.status[view.status]}
      </p>
      <dl class="review-list">
        {rows
          .filter((r) => r[1] !== null && r[1] !== '')
          .map(([label, value, id]) => (
            <div class="row" key={id} data-testid={`progress-${id}`}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {view.bundle && (
        <>
          <p class="label">{zhCN.bundles.progressLabel(view.bundle.name)}</p>
          <dl class="review-list" data-testid="progress-bundle">
            {view.bundle.members.map((m) => (
              <div class="row" key={m.localNumber}>
                <dt>
                  {m.serviceName} {m.localNumber}
                </dt>
                <dd>{zhCN.progress.status[m.status]}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {view.detailsHidden && (
        <p class="hint" data-testid="progress-details-hidden">
          {zhCN.progress.detailsHidden}
        </p>
      )}
      {!view.detailsHidden && <RatingPanel c={c} localNumber={view.localNumber} />}
      <button
        type="button"
        class="btn btn-primary btn-wide"
        data-testid="progress-home"
        onClick={() => void c.goHome()}
      >
        {zhCN.common.home}
      </button>
    </section>
  );
}
