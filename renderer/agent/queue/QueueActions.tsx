import { zhCN } from '../../i18n/zh-CN';

const t = zhCN.agentQueue;

/** The bottom row of a queue panel: 返回列表 and the panel's one action. */
export function QueueActions(props: { onCancel: () => void; action: string; disabled: boolean; onAction: () => void }) {
  return (
    <div class="queue-actions">
      <button type="button" class="btn agent-btn" onClick={props.onCancel}>
        {t.cancel}
      </button>
      <button type="button" class="btn btn-primary agent-btn" disabled={props.disabled} onClick={props.onAction}>
        {props.action}
      </button>
    </div>
  );
}
