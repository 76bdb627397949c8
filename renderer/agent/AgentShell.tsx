import type { KioskApi } from '../../main/contract/kiosk-api';
import { AGENT_PIN_MAX, AGENT_PIN_MIN } from '../../rules/agent-pin';
import { Keypad } from '../components/Keypad';
import { DemoPanel } from '../demo/DemoPanel';
import { zhCN } from '../i18n/zh-CN';
import type { KeypadSpec } from '../logic/keypad';
import type { AgentController } from './controller';
import { agentScreens } from './screens';

const t = zhCN.agent;
const pinSpec: KeypadSpec = { kind: 'digits', maxLength: AGENT_PIN_MAX, extraKeys: [] };

/** Agent mode: a coloured bar (who is signed in, idle countdown, 退出登录) over the agent screens. */
export function AgentShell({ a, api, demo }: { a: AgentController; api: KioskApi; demo: boolean }) {
  const place = a.state.place.value;
  const agent = a.state.agent.value;
  const left = a.state.countdown.value;
  const entry = agentScreens.find((s) => s.key === place);
  return (
    <div class="kiosk agent-mode" data-screen={`agent-${place}`}>
      <header class="agent-bar" data-testid="agent-bar">
        <span class="agent-who" data-testid="agent-who">
          {agent ? t.who(agent.maskedName, agent.agentId) : t.signInTitle}
        </span>
        {left !== null && (
          <span class="agent-idle" role="status" data-testid="agent-idle">
            {t.idleLeft(left)}
          </span>
        )}
        {agent && place !== 'menu' && (
          <button type="button" class="btn agent-btn" data-testid="agent-to-menu" onClick={() => a.go('menu')}>
            {t.toMenu}
          </button>
        )}
        <button type="button" class="btn agent-btn" data-testid="agent-sign-out" onClick={() => void a.signOut()}>
          {agent ? t.signOut : t.back}
        </button>
      </header>
      <main class="agent-content" key={a.state.generation.value}>
        {place === 'signIn' && <SignIn a={a} />}
        {place === 'menu' && <Menu a={a} />}
        {entry && <entry.Screen a={a} api={api} />}
      </main>
      {demo && <DemoPanel key={a.state.generation.value} api={api} lastLocalNumber={null} />}
    </div>
  );
}

function SignIn({ a }: { a: AgentController }) {
  const pin = a.state.pin.value;
  const error = a.state.error.value;
  return (
    <section class="agent-sign-in" data-testid="agent-sign-in">
      <p class="agent-hint">{t.signInHint}</p>
      <p class={a.state.cardRead.value ? 'agent-ok' : 'agent-hint'} data-testid="agent-card-state">
        {a.state.cardRead.value ? `✔ ${t.cardRead}` : t.cardWaiting}
      </p>
      {error && (
        <p class="agent-error" role="alert" data-testid="agent-sign-in-error">
          ⚠ {error}
        </p>
      )}
      <p class="agent-hint">{t.pinHint}</p>
      <Keypad spec={pinSpec} value={pin} onChange={(v) => a.typePin(v)} testid="agent-pin-keypad" masked />
      <button
        type="button"
        class="btn btn-primary agent-btn"
        data-testid="agent-sign-in-submit"
        disabled={pin.length < AGENT_PIN_MIN || a.state.working.value}
        onClick={() => void a.signIn()}
      >
        {t.signIn}
      </button>
    </section>
  );
}

function Menu({ a }: { a: AgentController }) {
  return (
    <section class="agent-menu" data-testid="agent-menu">
      <h1 class="agent-title">{t.menuTitle}</h1>
      <div class="agent-menu-list">
        {agentScreens.map((s) => (
          <button
            type="button"
            key={s.key}
            class="btn agent-menu-item"
            data-testid={`agent-menu-${s.key}`}
            onClick={() => a.go(s.key)}
          >
            <span class="agent-menu-label">{s.label}</span>
            <span class="agent-menu-hint">{s.hint}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
