/**
 * A face for one 好差评 level (5 smiles widest, 1 frowns deepest): simple shapes, drawn in the
 * button's own text colour so it keeps the button's contrast; the word below says the same.
 */
const mouths: Record<number, string> = {
  5: 'M30 60 Q50 84 70 60',
  4: 'M32 64 Q50 76 68 64',
  3: 'M32 68 L68 68',
  2: 'M32 72 Q50 62 68 72',
  1: 'M30 76 Q50 56 70 76',
};

export function RatingFace({ level }: { level: number }) {
  return (
    <svg class="rating-face" viewBox="0 0 100 100" aria-hidden="true">
      <circle cx="50" cy="50" r="44" fill="none" stroke="currentColor" stroke-width="6" />
      <circle cx="35" cy="40" r="6" fill="currentColor" />
      <circle cx="65" cy="40" r="6" fill="currentColor" />
      <path d={mouths[level] ?? mouths[3]} fill="none" stroke="currentColor" stroke-width="6" stroke-linecap="round" />
    </svg>
  );
}
