/** What a spoken command does; the screen decides what each means there (push-to-talk.ts). */
export type VoiceCommand =
  | { readonly kind: 'choose'; readonly label: string }
  | { readonly kind: 'yes' | 'no' | 'confirm' | 'back' | 'next' | 'repeat' | 'home' }
  | { readonly kind: 'digit'; readonly digit: string };

/** What is on the screen right now that a villager could name. */
export interface ScreenVocabulary {
  /** Service names, option labels: said as shown. */
  readonly choices: readonly string[];
  /** A numeric keypad is showing: digits may be said one by one. */
  readonly keypad: boolean;
}

export interface Grammar {
  /** For the recogniser: each phrase as space-separated single characters, then "[unk]". */
  readonly phrases: readonly string[];
  /** Normalised phrase (no spaces) → command. */
  readonly commands: ReadonlyMap<string, VoiceCommand>;
}

/** Words that work on every screen (the screen ignores the ones that mean nothing there). */
const FIXED: readonly (readonly [string, VoiceCommand])[] = [
  ['是', { kind: 'yes' }],
  ['是的', { kind: 'yes' }],
  ['否', { kind: 'no' }],
  ['不是', { kind: 'no' }],
  ['确认', { kind: 'confirm' }],
  ['返回', { kind: 'back' }],
  ['上一步', { kind: 'back' }],
  ['下一步', { kind: 'next' }],
  ['再说一遍', { kind: 'repeat' }],
  ['回首页', { kind: 'home' }],
];

/** Spoken digits, including the ways numbers are read aloud (幺 for 1, 两 for 2). */
const DIGITS: readonly (readonly [string, string])[] = [
  ['零', '0'],
  ['〇', '0'],
  ['一', '1'],
  ['幺', '1'],
  ['二', '2'],
  ['两', '2'],
  ['三', '3'],
  ['四', '4'],
  ['五', '5'],
  ['六', '6'],
  ['七', '7'],
  ['八', '8'],
  ['九', '9'],
];

const DIGIT_WORDS = '零一二三四五六七八九';

/** How a whole number below 10,000 is read aloud: 80 → 八十, 12 → 十二, 105 → 一百零五. */
export function readNumber(n: number): string {
  if (n === 0) return '零';
  const units = ['千', '百', '十', ''];
  const digits = String(n).padStart(4, '0').split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    if (d === 0) {
      zero = out.length > 0;
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGIT_WORDS[d]! + units[i]!;
  });
  return n >= 10 && n < 20 ? out.slice(1) : out;
}

/**
 * What a label sounds like as a phrase: numbers read aloud, then Han characters only (brackets,
 * punctuation and Latin are not said), e.g. 家庭月总收入（元） → 家庭月总收入元, 高龄（80岁以上） → 高龄八十岁以上.
 */
export function spokenForm(text: string): string {
  const read = text.replace(/\d{1,4}/gu, (m) => readNumber(Number(m)));
  return (read.match(/\p{Script=Han}/gu) ?? []).join('');
}

/**
 * Grammar from what is on screen. Phrases are written as single characters with spaces because a
 * Mandarin model's vocabulary is segmented words we cannot know in advance, while nearly every
 * single character is a word of it; the recogniser then answers with the characters spaced, which
 * `normaliseUtterance` undoes. A label that sounds like a fixed word or another label is kept once.
 */
export function buildGrammar(screen: ScreenVocabulary): Grammar {
  const commands = new Map<string, VoiceCommand>();
  for (const [word, command] of FIXED) commands.set(word, command);
  if (screen.keypad) for (const [word, digit] of DIGITS) commands.set(word, { kind: 'digit', digit });
  for (const label of screen.choices) {
    const spoken = spokenForm(label);
    if (spoken.length > 0 && !commands.has(spoken)) commands.set(spoken, { kind: 'choose', label });
  }
  const phrases = [...commands.keys()].map((p) => [...p].join(' '));
  return { phrases: [...phrases, '[unk]'], commands };
}

/** A recogniser's final text back to a phrase of the grammar: no spaces, no "[unk]". */
export function normaliseUtterance(text: string): string {
  return text.replaceAll('[unk]', '').replace(/\s+/gu, '');
}

export function commandFor(grammar: Grammar, text: string): VoiceCommand | null {
  return grammar.commands.get(normaliseUtterance(text)) ?? null;
}
