import type { CharTemplate } from './template-codec';
import { POINTS_PER_STROKE, strokeFeatures, type Stroke } from './strokes';

/** Templates more than this many strokes away from what was written are not considered. */
export const MAX_STROKE_GAP = 2;
/** Cost of a written stroke with no template stroke, or the other way round (a joined or missed stroke). */
const SKIP_COST = 0.3;
const STROKE_GAP_ORDER = [0, -1, 1, -2, 2].filter((g) => Math.abs(g) <= MAX_STROKE_GAP);

export interface Candidate {
  readonly char: string;
  /** Mean distance per stroke in the unit square; lower is closer. */
  readonly cost: number;
}

/** Mean distance between corresponding points of two resampled strokes (direction counts). */
export function strokeDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  // Math.sqrt, not Math.hypot: hypot's overflow care makes it several times slower here.
  for (let k = 0; k < POINTS_PER_STROKE * 2; k += 2) {
    const dx = a[k]! - b[k]!;
    const dy = a[k + 1]! - b[k + 1]!;
    sum += Math.sqrt(dx * dx + dy * dy);
  }
  return sum / POINTS_PER_STROKE;
}

/** Alignments that pair written stroke i with template stroke j further than this apart are not tried. */
const BAND = MAX_STROKE_GAP + 1;

/**
 * Written strokes against one template, in stroke order, where a stroke on either side may go
 * unmatched at `SKIP_COST` (elderly writers join two strokes or leave one out). Dynamic
 * programming over (written, template) prefixes within a band around the diagonal; `scratch` is
 * reused between calls. Costs only grow along a path, so once a whole row is at or above
 * `giveUpAt` the template cannot make the list and Infinity is returned at once.
 */
export function alignmentCost(
  input: readonly Float32Array[],
  template: readonly Float32Array[],
  scratch: Float64Array,
  giveUpAt: number = Infinity,
): number {
  const n = input.length;
  const m = template.length;
  const width = m + 1;
  const scale = Math.max(n, m);
  const limit = giveUpAt * scale;
  scratch.fill(Infinity, 0, (n + 1) * width);
  for (let j = 0; j <= Math.min(m, BAND); j++) scratch[j] = j * SKIP_COST;
  for (let i = 1; i <= n; i++) {
    const row = i * width;
    let rowMin = Infinity;
    if (i <= BAND) rowMin = scratch[row] = i * SKIP_COST;
    const a = input[i - 1]!;
    const last = Math.min(m, i + BAND);
    for (let j = Math.max(1, i - BAND); j <= last; j++) {
      const diag = scratch[row - width + j - 1]! + strokeDistance(a, template[j - 1]!);
      const up = scratch[row - width + j]! + SKIP_COST;
      const left = scratch[row + j - 1]! + SKIP_COST;
      const cell = Math.min(diag, up, left);
      scratch[row + j] = cell;
      if (cell < rowMin) rowMin = cell;
    }
    if (rowMin >= limit) return Infinity;
  }
  return scratch[n * width + m]! / scale;
}

/** Keeps the `limit` cheapest distinct characters seen so far, cheapest first. */
function insertCandidate(best: Candidate[], candidate: Candidate, limit: number): void {
  if (best.length === limit && candidate.cost >= best[limit - 1]!.cost) return;
  let i = best.length;
  while (i > 0 && best[i - 1]!.cost > candidate.cost) i--;
  best.splice(i, 0, candidate);
  if (best.length > limit) best.pop();
}

export interface Matcher {
  readonly size: number;
  /** The `limit` closest characters to what was written, closest first; none for an empty pad. */
  match(strokes: readonly Stroke[], limit: number): Candidate[];
}

/** Stroke-order matcher over precomputed templates, grouped by stroke count so most are never looked at. */
export function createMatcher(templates: readonly CharTemplate[]): Matcher {
  const byCount = new Map<number, CharTemplate[]>();
  let maxStrokes = 0;
  for (const t of templates) {
    const group = byCount.get(t.strokes.length) ?? [];
    group.push(t);
    byCount.set(t.strokes.length, group);
    maxStrokes = Math.max(maxStrokes, t.strokes.length);
  }
  return {
    size: templates.length,
    match(strokes, limit) {
      const input = strokeFeatures(strokes);
      if (input.length === 0) return [];
      const scratch = new Float64Array((input.length + 1) * (maxStrokes + 1));
      const best: Candidate[] = [];
      // Nearest stroke counts first: good candidates found early let the rest be abandoned early.
      for (const gap of STROKE_GAP_ORDER) {
        for (const t of byCount.get(input.length + gap) ?? []) {
          const giveUpAt = best.length === limit ? best[limit - 1]!.cost : Infinity;
          const cost = alignmentCost(input, t.strokes, scratch, giveUpAt);
          if (cost < giveUpAt) insertCandidate(best, { char: t.char, cost }, limit);
        }
      }
      return best;
    },
  };
}
