import { render } from 'preact';
import { connectKioskApi } from './api/connect';
import { zhCN } from './i18n/zh-CN';
import { App } from './villager/App';
import { createTechnicianController } from './technician/controller';
import { createVillagerController } from './villager/controller';
import { createVoiceGuide } from './voice/voice-guide';
import { createAgentController } from './agent/controller';
import './styles/kiosk.css';

function NoConnection() {
  return (
    <main class="kiosk recovering" data-testid="screen-no-connection">
      <h1 class="title">{zhCN.noConnection.title}</h1>
      <p class="body">{zhCN.noConnection.hint}</p>
    </main>
  );
}

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app');
document.title = zhCN.appTitle;
const connection = connectKioskApi();
if (!connection) {
  render(<NoConnection />, root);
} else {
  const { api, ready } = connection;
  const voice = createVoiceGuide();
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
  render(<App c={c} tech={tech} agent={agent} api={api} voiceAvailable={voice.available} />, root);
  void ready.then(async () => {
    tech.start();
    agent.start();
    await c.start();
    const info = c.state.info.value;
    if (info) tech.configure(info.idleTimeoutSec, info.countdownSec);
  });
}
