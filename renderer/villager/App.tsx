import type { KioskApi } from '../../main/contract/kiosk-api';
import { SpeakerIcon } from '../components/Illustrations';
import { DemoPanel } from '../demo/DemoPanel';
import { zhCN } from '../i18n/zh-CN';
import type { VillagerController } from './controller';
import { DoneScreen } from './DoneScreen';
import { FormScreen } from './FormScreen';
import { HomeScreen } from './HomeScreen';
import { IdleBanner } from './IdleBanner';
import { ProgressEntryScreen, ProgressScreen } from './ProgressScreens';
import { ReviewScreen } from './ReviewScreen';
import { ServicesScreen } from './ServicesScreen';

function CurrentScreen({ c }: { c: VillagerController }) {
  const s = c.state.screen.value;
  switch (s.name) {
    case 'home':
      return <HomeScreen c={c} />;
    case 'services':
      return <ServicesScreen c={c} />;
    case 'form':
      return <FormScreen c={c} />;
    case 'review':
      return <ReviewScreen c={c} />;
    case 'done':
      return <DoneScreen c={c} result={s.result} />;
    case 'progressEntry':
      return <ProgressEntryScreen c={c} />;
    case 'progress':
      return <ProgressScreen c={c} view={s.view} />;
  }
}

export function App({ c, api, voiceAvailable }: { c: VillagerController; api: KioskApi; voiceAvailable: boolean }) {
  const { screen, info, recovering, muted, saving } = c.state;
  const s = screen.value;
  if (recovering.value) {
    return (
      <main class="kiosk recovering" data-testid="screen-recovering">
        <div class="spinner" aria-hidden="true" />
        <h1 class="title">{zhCN.recovering.title}</h1>
        <p class="body">{zhCN.recovering.hint}</p>
      </main>
    );
  }
  return (
    <div class="kiosk" data-screen={s.name}>
      <header class="topbar">
        <span class="station" data-testid="station-name">{info.value?.stationName ?? zhCN.appTitle}</span>
        <span class="topbar-actions">
          {voiceAvailable && (
            <>
              <button type="button" class="btn btn-small" data-testid="voice-repeat" onClick={() => c.repeatPrompt()}><SpeakerIcon /> {zhCN.common.repeatVoice}</button>
              <button type="button" class="btn btn-small" aria-pressed={muted.value} data-testid="voice-mute" onClick={() => c.toggleMute()}>
                {muted.value ? zhCN.common.unmute : zhCN.common.mute}
              </button>
            </>
          )}
          {s.name !== 'home' && (
            <button type="button" class="btn btn-small btn-home" disabled={saving.value} data-testid="nav-home" onClick={() => void c.goHome()}>{zhCN.common.home}</button>
          )}
        </span>
      </header>
      <main class="content">
        <CurrentScreen c={c} />
      </main>
      <IdleBanner c={c} />
      {info.value?.demo && <DemoPanel key={c.state.generation.value} api={api} lastLocalNumber={c.state.lastLocalNumber.value} />}
    </div>
  );
}
