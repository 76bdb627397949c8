import { render } from 'preact';
import { connectKioskApi } from './api/connect';
import { zhCN } from './i18n/zh-CN';
import { App } from './villager/App';
import { createTechnicianController } from './technician/controller';
import { createVillagerController } from './villager/controller';
import { signal } from '@preact/signals';
import { createHostVoiceGuide } from './voice/host-voice-guide';
import { createVoiceGuide } from './voice/voice-guide';
import type { KioskApi } from '../main/contract/kiosk-api';
import type { VoiceGuide } from './voice/voice-guide';
import { createAgentController } from './agent/controller';
import './styles/kiosk.css';
import './styles/records.css';
import './styles/large-contrast.css';

function NoConnection() {
  return (
    <main class="kiosk recovering" data-testid="screen-no-connection">
      <h1 class="title">{zhCN.noConnection.title}</h1>
      <p class="body">{zhCN.noConnection.hint}</p>
    </main>
  );
}

/** Whether the voice buttons are shown: until the host says it cannot speak, and while a fallback can. */
const voiceAvailable = signal(true);

/** The host's espeak-ng voice through one <audio> element; speechSynthesis only when the host has none. */
function hostVoice(api: KioskApi): VoiceGuide {
  const audio = document.createElement('audio');
  audio.dataset.testid = 'voice-audio';
  audio.preload = 'auto';
  document.body.appendChild(audio);
  const prepare = async (text: string): Promise<string | null> => {
    const r = await api.invoke('voice.prepare', { text });
    if (!r.ok) throw new Error(r.error.code);
    return r.value.url;
  };
  return createHostVoiceGuide(prepare, audio, createVoiceGuide(), (available) => {
    voiceAvailable.value = available;
  });
}

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app');
document.title = zhCN.appTitle;
const connection = connectKioskApi();
if (!connection) {
  render(<NoConnection />, root);
} else {
  const { api, ready } = connection;
  const voice = hostVoice(api);
  // Late-bound: the villager controller needs to know whether the technician screen is open, and
  // the technician screen tells the villager side to reload the station name when it closes.
  let villager: ReturnType<typeof createVillagerController> | null = null;
  const tech = createTechnicianController(api, { onClosed: () => void villager?.refreshInfo() });
  // Agent mode ending (sign-out, idle lock) leaves nothing of the last villager on any screen.
  const agent = createAgentController(api, { onClosed: () => void villager?.goHome(), say: (text) => voice.say(text) });
  const c = createVillagerController(api, voice, { technicianOpen: tech.isOpen, agentOpen: agent.isOpen });
  villager = c;
  // A completed tap (click) or a key counts as activity. Not pointerdown: that would withdraw the
  // idle banner under the finger, and the click would then land on whatever lay beneath it.
  for (const type of ['click', 'keydown'] as const) {
    window.addEventListener(
      type,
      () => {
        c.activity();
        tech.activity();
        agent.activity();
      },
      { capture: true, passive: true },
    );
  }
  render(<App c={c} tech={tech} agent={agent} api={api} voiceAvailable={voiceAvailable} />, root);
  void ready.then(async () => {
    tech.start();
    agent.start();
    await c.start();
    const info = c.state.info.value;
    if (info) tech.configure(info.idleTimeoutSec, info.countdownSec);
  });
}
