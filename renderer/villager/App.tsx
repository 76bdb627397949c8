import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { KioskApi } from '../../main/contract/kiosk-api';
import { SpeakerIcon } from '../components/Illustrations';
import { largeContrast, visitEnded } from '../a11y/display-mode';
import { DemoPanel } from '../demo/DemoPanel';
import { zhCN } from '../i18n/zh-CN';
import { createHoldTimer, type HoldTimer } from '../logic/hold-timer';
import type { TechnicianController } from '../technician/controller';
import { TechnicianScreen } from '../technician/TechnicianScreen';
import type { AgentController } from '../agent/controller';
import { AgentShell } from '../agent/AgentShell';
import type { VillagerController } from './controller';
import { DoneScreen } from './DoneScreen';
import { FormScreen } from './FormScreen';
import { HomeScreen } from './HomeScreen';
import { NoticeScreen, NoticesScreen } from './NoticesScreen';
import { IdleBanner } from './IdleBanner';
import { ProgressEntryScreen, ProgressScreen } from './ProgressScreens';
import { ReviewScreen } from './ReviewScreen';
import { ScanScreen } from './ScanScreen';
import { ServicesScreen } from './ServicesScreen';
import { MyApplicationsScreen } from './MyApplicationsScreen';
import { ProgressPushBanner } from './ProgressPushBanner';
import { RateReasonsScreen } from './RateReasonsScreen';
import { PushToTalkButton } from '../voice-commands/PushToTalkButton';

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
    case 'scan':
      return <ScanScreen c={c} />;
    case 'rateReasons':
      return <RateReasonsScreen c={c} />;
    case 'myApplications':
      return <MyApplicationsScreen c={c} />;
    case 'notices':
      return <NoticesScreen c={c} />;
    case 'notice':
      return <NoticeScreen c={c} />;
  }
}

/** Hold the station name this long to reach the technician PIN (docs/operations.md). */
export const TECH_HOLD_MS = 3000;

/**
 * The station name in the top bar, and the hidden technician entry: held for 3 s without letting
 * go it opens the PIN keypad; a tap does nothing, so villagers never land there by chance.
 */
function StationName({ name, onHeld }: { name: string; onHeld: () => void }) {
  const held = useRef(onHeld);
  held.current = onHeld;
  const timer = useRef<HoldTimer | null>(null);
  timer.current ??= createHoldTimer(TECH_HOLD_MS, () => held.current());
  useEffect(() => () => timer.current?.release(), []);
  const release = (): void => timer.current?.release();
  return (
    <span
      class="station"
      data-testid="station-name"
      onPointerDown={() => timer.current?.press()}
      onPointerUp={release}
      onPointerLeave={release}
      onPointerCancel={release}
      onContextMenu={(e) => e.preventDefault()}
    >
      {name}
    </span>
  );
}

/** On every screen of a demo terminal, so nobody mistakes it for a real station. */
function DemoBadge() {
  return (
    <div class="demo-badge" data-testid="demo-badge" aria-label={zhCN.demoBadge}>
      {zhCN.demoBadge}
    </div>
  );
}

/** What the kiosk page runs on: the three users' controllers, the host API, push-to-talk. */
interface AppProps {
  c: VillagerController;
  tech: TechnicianController;
  agent: AgentController;
  api: KioskApi;
  voiceAvailable: ReadonlySignal<boolean>;
}

export function App(props: AppProps) {
  const demo = props.c.state.info.value?.demo === true;
  return (
    <>
      <Screens {...props} />
      {demo && <DemoBadge />}
    </>
  );
}

function Screens({ c, tech, agent, api, voiceAvailable }: AppProps) {
  const { screen, info, recovering, recoveringReason, muted, saving, session } = c.state;
  const s = screen.value;
  const atRest = s.name === 'home' && session.value === null;
  useEffect(() => visitEnded(atRest), [atRest]);
  if (recovering.value) {
    return (
      <main class="kiosk recovering" data-testid="screen-recovering">
        <div class="spinner" aria-hidden="true" />
        <h1 class="title">{zhCN.recovering.title}</h1>
        <p class="body" data-testid="recovering-reason">
          {recoveringReason.value ? zhCN.errors[recoveringReason.value] : zhCN.recovering.hint}
        </p>
      </main>
    );
  }
  if (tech.state.mode.value !== 'closed') {
    return (
      <div class="kiosk tech-mode" data-screen="technician">
        <TechnicianScreen c={tech} />
      </div>
    );
  }
  if (agent.isOpen()) return <AgentShell a={agent} api={api} demo={info.value?.demo === true} />;
  const openAgent = (): void => {
    if (saving.value) return;
    void c.goHome();
    agent.open();
  };
  const openTechnician = (): void => {
    // Never over a villager's unsaved submit; otherwise the villager screens are cleared first.
    if (saving.value) return;
    void c.goHome();
    tech.open();
  };
  if (info.value?.mode === 'provisioning') {
    // Not set up yet: only the technician entry (hold the name) is open.
    return (
      <div class="kiosk" data-screen="provisioning">
        <header class="topbar">
          <StationName name={zhCN.appTitle} onHeld={openTechnician} />
        </header>
        <main class="content recovering" data-testid="screen-provisioning">
          <h1 class="title">{zhCN.provisioning.title}</h1>
          <p class="body">{zhCN.provisioning.hint}</p>
        </main>
      </div>
    );
  }
  return (
    <div class={largeContrast.value ? 'kiosk large-contrast' : 'kiosk'} data-screen={s.name}>
      <header class="topbar">
        <StationName name={info.value?.stationName ?? zhCN.appTitle} onHeld={openTechnician} />
        <span class="topbar-actions">
          <PushToTalkButton api={api} c={c} />
          <button
            type="button"
            class="btn btn-small"
            aria-pressed={largeContrast.value}
            data-testid="display-large-contrast"
            onClick={() => (largeContrast.value = !largeContrast.value)}
          >
            {zhCN.display.largeContrast}
          </button>
          {voiceAvailable.value && (
            <>
              <button type="button" class="btn btn-small" data-testid="voice-repeat" onClick={() => c.repeatPrompt()}>
                <SpeakerIcon /> {zhCN.common.repeatVoice}
              </button>
              <button
                type="button"
                class="btn btn-small"
                aria-pressed={muted.value}
                data-testid="voice-mute"
                onClick={() => c.toggleMute()}
              >
                {muted.value ? zhCN.common.unmute : zhCN.common.mute}
              </button>
            </>
          )}
          {s.name === 'home' && (
            <button type="button" class="btn btn-small" data-testid="nav-agent" onClick={openAgent}>
              {zhCN.agent.entry}
            </button>
          )}
          {s.name !== 'home' && (
            <button
              type="button"
              class="btn btn-small btn-home"
              disabled={saving.value}
              data-testid="nav-home"
              onClick={() => void c.goHome()}
            >
              {zhCN.common.home}
            </button>
          )}
        </span>
      </header>
      <main class="content">
        <ProgressPushBanner c={c} />
        <CurrentScreen c={c} />
      </main>
      <IdleBanner c={c} />
      {info.value?.demo && (
        <DemoPanel key={c.state.generation.value} api={api} lastLocalNumber={c.state.lastLocalNumber.value} />
      )}
    </div>
  );
}
