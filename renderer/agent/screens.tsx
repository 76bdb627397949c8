import type { ComponentType } from 'preact';
import type { KioskApi } from '../../main/contract/kiosk-api';
import type { AgentController } from './controller';
import { zhCN } from '../i18n/zh-CN';
import { ServeScreen } from './ServeScreen';
import { queueScreens } from './queue/entries';

/** One entry of the agent menu and the screen it opens inside the agent shell. */
export interface AgentScreenEntry {
  /** Also the `place` of the controller and the test id `agent-menu-<key>`. */
  readonly key: string;
  readonly label: string;
  readonly hint: string;
  readonly Screen: ComponentType<{ a: AgentController; api: KioskApi }>;
}

/**
 * The agent menu, in order. New agent screens (排队/办件列表, 日结 …) append an entry here; the
 * shell, the bar and the idle lock come with it.
 */
export const agentScreens: AgentScreenEntry[] = [
  {
    key: 'assist',
    label: zhCN.agentServe.assistTitle,
    hint: zhCN.agentServe.assistHint,
    Screen: ({ a }) => <ServeScreen a={a} kind="assist" />,
  },
  {
    key: 'proxy',
    label: zhCN.agentServe.proxyTitle,
    hint: zhCN.agentServe.proxyHint,
    Screen: ({ a }) => <ServeScreen a={a} kind="proxy" />,
  },
];

agentScreens.push(...queueScreens);
