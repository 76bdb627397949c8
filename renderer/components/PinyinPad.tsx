import { useEffect, useState } from 'preact/hooks';
import { zhCN } from '../i18n/zh-CN';
import { candidatePage, pinyinCandidates, type PinyinIndex } from '../logic/pinyin';

/** Candidates per page: large buttons in one row, with 更多 for the next page. */
const PAGE = 7;
/** More letters than any few syllables: a finger resting on a key. */
const MAX_LETTERS = 24;
const LETTER_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'] as const;

/**
 * Pinyin on the text keyboard: letter keys, the typed letters, and the characters they may mean
 * as big buttons, most frequent first (`renderer/logic/pinyin.ts`). A picked character goes into
 * the same field as the common-character keys. The table is loaded the first time this shows.
 */
export function PinyinPad(props: { value: string; maxLength: number; onChange: (v: string) => void; testid: string }) {
  const [index, setIndex] = useState<PinyinIndex | null>(null);
  const [letters, setLetters] = useState('');
  const [page, setPage] = useState(0);
  useEffect(() => {
    let live = true;
    void import('./pinyin-table').then((m) => {
      if (live) setIndex(m.pinyinIndex);
    });
    return () => {
      live = false;
    };
  }, []);
  const match = index ? pinyinCandidates(index, letters) : { candidates: [], consumed: 0 };
  const shown = candidatePage(match.candidates, page, PAGE);
  const type = (letter: string): void => {
    if (letters.length >= MAX_LETTERS) return;
    setLetters(letters + letter);
    setPage(0);
  };
  const pick = (ch: string): void => {
    if ([...props.value].length < props.maxLength) props.onChange(props.value + ch);
    setLetters(letters.slice(match.consumed));
    setPage(0);
  };
  const id = props.testid;
  return (
    <div class="pinyin-pad" data-testid={id}>
      <p class="pinyin-letters" data-testid={`${id}-letters`} aria-live="polite">
        <span class="pinyin-label">{zhCN.pinyin.typed}</span>
        {letters || '\u00a0'}
      </p>
      <div class="pinyin-candidates" data-testid={`${id}-candidates`}>
        {index === null && <p class="help">{zhCN.pinyin.loading}</p>}
        {index !== null && letters === '' && <p class="help">{zhCN.pinyin.hint}</p>}
        {index !== null && letters !== '' && shown.length === 0 && (
          <p class="help" data-testid={`${id}-none`}>
            {zhCN.pinyin.noMatch}
          </p>
        )}
        {shown.map((ch) => (
          <button type="button" class="key pinyin-candidate" key={ch} onClick={() => pick(ch)}>
            {ch}
          </button>
        ))}
        {match.candidates.length > PAGE && (
          <button type="button" class="key key-action pinyin-more" onClick={() => setPage(page + 1)}>
            {zhCN.pinyin.more}
          </button>
        )}
      </div>
      {LETTER_ROWS.map((row) => (
        <div class="textkb-row" key={row}>
          {[...row].map((letter) => (
            <button
              type="button"
              class="key pinyin-letter"
              key={letter}
              data-testid={`${id}-letter-${letter}`}
              onClick={() => type(letter)}
            >
              {letter}
            </button>
          ))}
          {row === 'zxcvbnm' && (
            <button
              type="button"
              class="key key-action"
              disabled={letters === ''}
              onClick={() => {
                setLetters(letters.slice(0, -1));
                setPage(0);
              }}
            >
              {zhCN.pinyin.deleteLetter}
            </button>
          )}
        </div>
      ))}
    </div>
  );
}
