/**
 * Pinyin → candidate characters for the on-screen keyboard (pure; the data comes from a package,
 * see `renderer/components/pinyin-table.ts`). The table lists, for each toneless syllable, its
 * characters most frequent first. Typed letters may be a whole syllable (`zhang`), the start of
 * syllables or just an initial (`zh`, `z`), or several syllables (`zhangsan`): then the first one
 * is offered and picking a character consumes it.
 */
export interface PinyinIndex {
  /** Syllable → characters, most frequent first. */
  readonly syllables: ReadonlyMap<string, readonly string[]>;
  /** All syllables, sorted, for prefix search. */
  readonly sorted: readonly string[];
  readonly longest: number;
  /** Character → place in the overall frequency order (0 = most frequent), where known. */
  readonly rank: ReadonlyMap<string, number>;
}

export interface PinyinMatch {
  /** Characters to offer, most likely first, no repeats. */
  readonly candidates: readonly string[];
  /** How many typed letters a picked candidate stands for (0 when nothing matches). */
  readonly consumed: number;
}

const NONE: PinyinMatch = { candidates: [], consumed: 0 };

/**
 * `table`: syllable → characters separated by spaces (or not at all), most frequent first.
 * `byFrequency`: characters most frequent first over all syllables (orders mixed candidates).
 */
export function buildPinyinIndex(table: Readonly<Record<string, string>>, byFrequency = ''): PinyinIndex {
  const syllables = new Map<string, readonly string[]>();
  for (const [syllable, chars] of Object.entries(table)) {
    const key = normalisePinyin(syllable);
    if (key === '') continue;
    const list = [...chars].filter((c) => c.trim() !== '');
    syllables.set(key, unique([...(syllables.get(key) ?? []), ...list]));
  }
  const sorted = [...syllables.keys()].sort();
  const rank = new Map([...byFrequency].map((c, i) => [c, i]));
  return { syllables, sorted, longest: Math.max(0, ...sorted.map((s) => s.length)), rank };
}

/** Lower case, ü as v (as every pinyin keyboard types it), anything not a letter dropped. */
export function normalisePinyin(typed: string): string {
  return typed
    .toLowerCase()
    .replace(/ü|u:/g, 'v')
    .replace(/[^a-z]/g, '');
}

/**
 * Candidates for what was typed. A whole syllable offers its own characters first, then those
 * of longer syllables starting the same way (`zhan` → 战… then 张…); a part of a syllable
 * offers the characters of every syllable it starts in overall frequency order (`zh` → 这 中 主
 * 着 政 …; without that order, the first of each syllable before the second of any); letters
 * beyond one syllable offer the first syllable.
 */
export function pinyinCandidates(index: PinyinIndex, typed: string): PinyinMatch {
  const s = normalisePinyin(typed);
  if (s === '') return NONE;
  const starting = syllablesStartingWith(index, s);
  if (starting.length > 0) {
    const exact = index.syllables.get(s) ?? [];
    const others = starting.filter((syl) => syl !== s).map((syl) => index.syllables.get(syl) ?? []);
    return { candidates: unique([...exact, ...byFrequency(index, byRank(others))]), consumed: s.length };
  }
  // Several syllables typed: the longest whole syllable at the start.
  for (let n = Math.min(index.longest, s.length - 1); n > 0; n -= 1) {
    const chars = index.syllables.get(s.slice(0, n));
    if (chars) return { candidates: chars, consumed: n };
  }
  return NONE;
}

function syllablesStartingWith(index: PinyinIndex, prefix: string): string[] {
  const out: string[] = [];
  let lo = 0;
  let hi = index.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < index.sorted.length && index.sorted[i]!.startsWith(prefix); i += 1) out.push(index.sorted[i]!);
  return out;
}

/** The first of every list, then the second of every list, …: frequency rank across syllables. */
function byRank(lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let rank = 0; rank < longest; rank += 1) for (const l of lists) if (rank < l.length) out.push(l[rank]!);
  return out;
}

/** Overall frequency order where known; the rest after, in the order given. */
function byFrequency(index: PinyinIndex, chars: readonly string[]): string[] {
  const unknown = Number.MAX_SAFE_INTEGER;
  return chars
    .map((c, i) => ({ c, i, r: index.rank.get(c) ?? unknown }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.c);
}

function unique(chars: readonly string[]): string[] {
  return [...new Set(chars)];
}

/** One page of candidates (the keyboard shows a few large buttons at a time). */
export function candidatePage(candidates: readonly string[], page: number, size: number): readonly string[] {
  const pages = Math.max(1, Math.ceil(candidates.length / size));
  const p = ((page % pages) + pages) % pages;
  return candidates.slice(p * size, p * size + size);
}
