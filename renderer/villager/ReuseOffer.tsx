import type { FormFieldView } from '../../main/contract/views';
import { zhCN } from '../i18n/zh-CN';

/**
 * 数据最多采一次: the answer this villager gave last time (masked by the host), used again with
 * one tap, or typed anew. Only shown when the host offered it for the card in the reader; the
 * keypad or keyboard stays beside it, and typing there is 重新填写 as well.
 */
export function ReuseOffer(props: { field: FormFieldView; chosen: boolean; onUse: () => void; onRetype: () => void }) {
  return (
    <div class="reuse-offer" data-testid={`field-${props.field.id}-reuse`}>
      <p class="reuse-earlier">
        {zhCN.reuse.earlier}
        <span class="reuse-value" data-testid={`field-${props.field.id}-reuse-value`}>
          {props.field.reuseDisplay}
        </span>
      </p>
      <div class="reuse-buttons">
        <button
          type="button"
          class={`btn option ${props.chosen ? 'selected' : ''}`}
          aria-pressed={props.chosen}
          data-testid={`field-${props.field.id}-reuse-use`}
          onClick={props.onUse}
        >
          {props.chosen ? '✔ ' : ''}
          {zhCN.reuse.use}
        </button>
        <button
          type="button"
          class="btn option"
          data-testid={`field-${props.field.id}-reuse-retype`}
          onClick={props.onRetype}
        >
          {zhCN.reuse.retype}
        </button>
      </div>
    </div>
  );
}
