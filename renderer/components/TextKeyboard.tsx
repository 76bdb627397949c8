import { useState } from 'preact/hooks';
import { zhCN } from '../i18n/zh-CN';
import { HandwritingPad } from './HandwritingPad';
import { PinyinPad } from './PinyinPad';

/** One page of keys; the page button cycles through the pages. */
export interface KeyboardPage {
  readonly label: string;
  readonly rows: readonly string[];
}

const villagerPages: readonly KeyboardPage[] = [
  { label: zhCN.form.hanKeys, rows: zhCN.textKeyboard },
  { label: zhCN.form.latinKeys, rows: zhCN.latinKeyboard },
];

/** Technician entry of platform addresses and enrolment codes: letters of both cases, digits, `:/.-_`. */
export const urlPages: readonly KeyboardPage[] = [
  { label: zhCN.technician.lower, rows: zhCN.urlKeyboard.lower },
  { label: zhCN.technician.upper, rows: zhCN.urlKeyboard.upper },
];

/**
 * A keyboard of common characters for short free-text answers, with a letters-and-digits page for
 * numbers such as contract numbers, and (villager keyboard only) 拼音 (`PinyinPad`) and 手写 (`HandwritingPad`). Anything
 * else is typed by the station agent (said on screen unless `help` is false).
 */
export function TextKeyboard(props: {
  value: string;
  maxLength?: number;
  onChange: (v: string) => void;
  testid: string;
  pages?: readonly KeyboardPage[];
  help?: boolean;
}) {
  const pages = props.pages ?? villagerPages;
  const [page, setPage] = useState(0);
  // Pinyin and the writing pad are for villagers' Han text only (not the technician's URL keys).
  const canCompose = props.pages === undefined;
  const [mode, setMode] = useState<'keys' | 'pinyin' | 'writing'>('keys');
  const pinyin = mode === 'pinyin';
  const writing = mode === 'writing';
  const max = props.maxLength ?? 100;
  const add = (ch: string): void => {
    if ([...props.value].length < max) props.onChange(props.value + ch);
  };
  const current = pages[page % pages.length]!;
  const nextPage = pages[(page + 1) % pages.length]!;
  return (
    <div class="textkb-wrap">
      <output class="keypad-display text-display" data-testid={`${props.testid}-display`}>
        {props.value || '\u00a0'}
      </output>
      <div class="textkb" data-testid={props.testid}>
        {pinyin && (
          <PinyinPad value={props.value} maxLength={max} onChange={props.onChange} testid={`${props.testid}-pinyin`} />
        )}
        {writing && <HandwritingPad testid={`${props.testid}-hw`} onPick={add} />}
        {mode === 'keys' &&
          current.rows.map((row, r) => (
            <div class="textkb-row" key={`${page}-${r}`}>
              {[...row].map((ch) => (
                <button
                  type="button"
                  class="key key-char"
                  key={ch}
                  data-testid={`${props.testid}-char-${ch}`}
                  onClick={() => add(ch)}
                >
                  {ch}
                </button>
              ))}
            </div>
          ))}
        <div class="textkb-row">
          {canCompose && (
            <button
              type="button"
              class="key key-action"
              data-testid={`${props.testid}-mode-pinyin`}
              aria-pressed={pinyin}
              onClick={() => setMode(pinyin ? 'keys' : 'pinyin')}
            >
              {pinyin ? zhCN.pinyin.leave : zhCN.pinyin.enter}
            </button>
          )}
          {canCompose && (
            <button
              type="button"
              class="key key-action"
              data-testid={`${props.testid}-handwriting`}
              aria-pressed={writing}
              onClick={() => setMode(writing ? 'keys' : 'writing')}
            >
              {writing ? current.label : zhCN.handwriting.mode}
            </button>
          )}
          {mode === 'keys' && pages.length > 1 && (
            <button
              type="button"
              class="key key-action"
              data-testid={`${props.testid}-page`}
              onClick={() => setPage((page + 1) % pages.length)}
            >
              {nextPage.label}
            </button>
          )}
          <button
            type="button"
            class="key key-action"
            data-testid={`${props.testid}-back`}
            onClick={() => props.onChange([...props.value].slice(0, -1).join(''))}
          >
            {zhCN.common.backspace}
          </button>
          <button
            type="button"
            class="key key-action"
            data-testid={`${props.testid}-clear`}
            onClick={() => props.onChange('')}
          >
            {zhCN.common.clear}
          </button>
        </div>
      </div>
      {props.help !== false && <p class="help">{zhCN.form.textHelp}</p>}
    </div>
  );
}
