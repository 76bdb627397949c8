import { zhCN } from '../i18n/zh-CN';
import { applyKey, formatKeypadDisplay, type KeypadKey, type KeypadSpec } from '../logic/keypad';

const DIGIT_ROWS: KeypadKey[][] = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
];

/** Large on-screen number pad: kiosks have no OS keyboard, and big keys suit unsteady hands. */
export function Keypad(props: {
  spec: KeypadSpec;
  value: string;
  onChange: (v: string) => void;
  testid: string;
  masked?: boolean;
}) {
  const press = (key: KeypadKey): void => props.onChange(applyKey(props.value, key, props.spec));
  // 清空 takes the free corner; when an extra key (X, -) needs it, 清空 gets a row of its own.
  const extra = props.spec.extraKeys[0];
  const rows: KeypadKey[][] = extra
    ? [...DIGIT_ROWS, [extra, '0', 'back'], ['clear']]
    : [...DIGIT_ROWS, ['clear', '0', 'back']];
  const label = (k: KeypadKey): string =>
    k === 'back' ? zhCN.common.backspace : k === 'clear' ? zhCN.common.clear : k;
  return (
    <div class="keypad-wrap">
      <output class="keypad-display" data-testid={`${props.testid}-display`}>
        {(props.masked ? '●'.repeat(props.value.length) : formatKeypadDisplay(props.spec.kind, props.value)) ||
          '\u00a0'}
      </output>
      <div class="keypad" data-testid={props.testid}>
        {rows.map((row) =>
          row.map((k) => (
            <button
              type="button"
              key={k}
              class={`key ${k === 'back' || k === 'clear' ? 'key-action' : ''} ${row.length === 1 ? 'key-wide' : ''}`}
              data-testid={`${props.testid}-key-${k}`}
              onClick={() => press(k)}
            >
              {label(k)}
            </button>
          )),
        )}
      </div>
    </div>
  );
}
