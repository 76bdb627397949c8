import { render } from 'preact';
import { connectKioskApi } from './api/connect';
import { zhCN } from './i18n/zh-CN';
import { App } from './villager/App';
import { createVillagerController } from './villager/controller';
import { createVoiceGuide } from './voice/voice-guide';
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
const api = connectKioskApi();
if (!api) {
  render(<NoConnection />, root);
} else {
  const voice = createVoiceGuide();
  const c = createVillagerController(api, voice);
  // Any touch, click or key counts as activity for the idle watch.
  for (const type of ['pointerdown', 'keydown'] as const) {
    window.addEventListener(type, () => c.activity(), { capture: true, passive: true });
  }
  render(<App c={c} api={api} voiceAvailable={voice.available} />, root);
  void c.start();
}
