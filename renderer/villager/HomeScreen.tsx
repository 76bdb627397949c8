import { CardIllustration, ScanIllustration } from '../components/Illustrations';
import { zhCN } from '../i18n/zh-CN';
import type { VillagerController } from './controller';

export function HomeScreen({ c }: { c: VillagerController }) {
  const notice = c.state.notice.value;
  const urgent = c.notices.state.urgent.value;
  return (
    <section class={`screen home${urgent ? ' has-urgent' : ''}`} data-testid="screen-home">
      {urgent && (
        <button
          type="button"
          class="urgent-banner"
          aria-live="assertive"
          data-testid="home-urgent"
          onClick={() => c.openNotices(urgent.id)}
        >
          <strong>{zhCN.notices.urgentLabel}</strong> {urgent.title} <span>{zhCN.notices.urgentOpen}</span>
        </button>
      )}
      <h1 class="title">{zhCN.home.title}</h1>
      <div class="home-ways">
        <div class="home-way" data-testid="home-card">
          <CardIllustration />
          <p class="home-big">{zhCN.home.swipeCard}</p>
          <p class="home-hint">{zhCN.home.swipeCardHint}</p>
        </div>
        <div class="home-way" data-testid="home-scan">
          <ScanIllustration />
          <p class="home-big">{zhCN.home.orScan}</p>
          <p class="home-hint">{zhCN.home.orScanHint}</p>
          <button type="button" class="btn btn-primary" data-testid="home-camera" onClick={() => c.openScan()}>
            {zhCN.scanScreen.open}
          </button>
        </div>
      </div>
      {notice && (
        <p class="notice" role="alert" data-testid="home-notice">
          {notice}
        </p>
      )}
      <div class="home-actions">
        <button
          type="button"
          class="btn btn-secondary"
          data-testid="home-progress"
          onClick={() => c.openProgressEntry()}
        >
          {zhCN.home.progress}
        </button>
        <button type="button" class="btn btn-secondary" data-testid="home-notices" onClick={() => c.openNotices()}>
          {zhCN.notices.homeButton}
        </button>
      </div>
    </section>
  );
}
