import { POINTS_PER_STROKE } from './strokes';

/**
 * The precomputed template file is one string: for each character its code point(s), one digit
 * with the stroke count, then `POINTS_PER_STROKE` points per stroke, each coordinate one digit of
 * a 64-letter alphabet (a 64×64 grid over the character's own normalised box), entries joined by
 * `|`. About 110 bytes a character; plain text so it ships as an ordinary lazy-loaded script chunk.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LEVELS = ALPHABET.length - 1;

export interface CharTemplate {
  readonly char: string;
  /** Per stroke the flat [x0, y0, …] of `POINTS_PER_STROKE` points in the unit square. */
  readonly strokes: readonly Float32Array[];
}

function digit(value: number): string {
  return ALPHABET[Math.round(Math.min(1, Math.max(0, value)) * LEVELS)]!;
}

export function encodeTemplates(templates: readonly CharTemplate[]): string {
  return templates
    .map((t) => {
      if (t.strokes.length >= ALPHABET.length) throw new Error(`too many strokes in ${t.char}`);
      const body = t.strokes.map((s) => Array.from(s, digit).join('')).join('');
      return t.char + ALPHABET[t.strokes.length]! + body;
    })
    .join('|');
}

export function decodeTemplates(text: string): CharTemplate[] {
  const index = new Map([...ALPHABET].map((c, i) => [c, i]));
  const perStroke = POINTS_PER_STROKE * 2;
  return text.split('|').map((entry) => {
    const cp = entry.codePointAt(0);
    if (cp === undefined) throw new Error('empty template entry');
    const char = String.fromCodePoint(cp);
    const rest = entry.slice(char.length);
    const count = index.get(rest[0] ?? '');
    if (count === undefined || rest.length !== 1 + count * perStroke) throw new Error(`bad template for ${char}`);
    const strokes: Float32Array[] = [];
    for (let s = 0; s < count; s++) {
      const flat = new Float32Array(perStroke);
      for (let k = 0; k < perStroke; k++) flat[k] = index.get(rest[1 + s * perStroke + k]!)! / LEVELS;
      strokes.push(flat);
    }
    return { char, strokes };
  });
}
