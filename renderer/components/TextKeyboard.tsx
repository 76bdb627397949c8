import { useState } from 'preact/hooks';
import { zhCN } from '../i18n/zh-CN';

/**
 * A keyboard of common characters for short free-text answers, with a letters-and-digits page for
 * numbers such as contract numbers. Honest limits: no pinyin IME and no handwriting; anything
 * else is typed by the station agent (said on screen).
 */
export function TextKeyboard(props: { value: string; maxLength?: number; onChange: (v: string) => void; testid: string }) {
  const [page, setPage] = useState<'han' | 'latin'>('han');
  const max = props.maxLength ?? 100;
  const add = (ch: string): void => {
    if ([...props.value].length < max) props.onChange(props.value + ch);
  };
  const rows = page === 'han' ? zhCN.textKeyboard : zhCN.latinKeyboard;
  return (
    <div class="textkb-wrap">
      <output class="keypad-display text-display" data-testid={`${props.testid}-display`}>{props.value || '\u00a0'}</output>
      <div class="textkb" data-testid={props.testid}>
        {rows.map((row, r) => (
          <div class="textkb-row" key={`${page}${r}`}>
            {[...row].map((ch) => (
              <button type="button" class="key key-char" key={ch} data-testid={`${props.testid}-char-${ch}`} onClick={() => add(ch)}>{ch}</button>
            ))}
          </div>
        ))}
        <div class="textkb-row">
          <button type="button" class="key key-action" data-testid={`${props.testid}-page`} onClick={() => setPage(page === 'han' ? 'latin' : 'han')}>
            {page === 'han' ? zhCN.form.latinKeys : zhCN.form.hanKeys}
          </button>
          <button type="button" class="key key-action" data-testid={`${props.testid}-back`} onClick={() => props.onChange([...props.value].slice(0, -1).join(''))}>{zhCN.common.backspace}</button>
          <button type="button" class="key key-action" data-testid={`${props.testid}-clear`} onClick={() => props.onChange('')}>{zhCN.common.clear}</button>
        </div>
      </div>
      <p class="help">{zhCN.form.textHelp}</p>
    </div>
  );
}
