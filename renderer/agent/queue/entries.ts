import { zhCN } from '../../i18n/zh-CN';
import type { AgentScreenEntry } from '../screens';
import { DayCloseScreen } from './DayCloseScreen';
import { QueueScreen } from './QueueScreen';

/** The queue and the day close, as entries of the agent menu. */
export const queueScreens: AgentScreenEntry[] = [
  { key: 'queue', label: zhCN.agentQueue.menuLabel, hint: zhCN.agentQueue.menuHint, Screen: QueueScreen },
  { key: 'dayClose', label: zhCN.dayClose.menuLabel, hint: zhCN.dayClose.menuHint, Screen: DayCloseScreen },
];
