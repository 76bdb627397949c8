/** A point in screen orientation: x to the right, y downwards. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** One pen-down-to-pen-up trace, in the order it was drawn. */
export type Stroke = readonly Point[];

/** Points kept per stroke: enough for a hook or a turn (乙, ㇉) to show, few enough to match fast. */
export const POINTS_PER_STROKE = 6;

/**
 * Scales the strokes into the unit square as a whole, keeping the aspect ratio and centring the
 * shorter side, so a character written large, small or off-centre compares like the template.
 * The longer side decides the scale: a flat 一 must stay flat.
 */
export function normaliseStrokes(strokes: readonly Stroke[]): Stroke[] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const s of strokes) {
    for (const p of s) {
      minX = Math.min(minX, p.x);
      minY = Math.min(minY, p.y);
      maxX = Math.max(maxX, p.x);
      maxY = Math.max(maxY, p.y);
    }
  }
  const size = Math.max(maxX - minX, maxY - minY, 1e-9);
  const offX = (size - (maxX - minX)) / 2;
  const offY = (size - (maxY - minY)) / 2;
  return strokes.map((s) => s.map((p) => ({ x: (p.x - minX + offX) / size, y: (p.y - minY + offY) / size })));
}

/** `count` points evenly spaced along the trace (a single tap becomes `count` copies of itself). */
export function resampleStroke(stroke: Stroke, count: number = POINTS_PER_STROKE): Point[] {
  const first = stroke[0];
  if (!first) return [];
  const cumulative = [0];
  for (let i = 1; i < stroke.length; i++) {
    const a = stroke[i - 1]!;
    const b = stroke[i]!;
    cumulative.push(cumulative[i - 1]! + Math.hypot(b.x - a.x, b.y - a.y));
  }
  const total = cumulative[cumulative.length - 1]!;
  if (total === 0) return Array.from({ length: count }, () => first);
  const out: Point[] = [];
  let seg = 1;
  for (let k = 0; k < count; k++) {
    const target = (total * k) / (count - 1);
    while (seg < stroke.length - 1 && cumulative[seg]! < target) seg++;
    const a = stroke[seg - 1]!;
    const b = stroke[seg] ?? a;
    const span = cumulative[seg]! - cumulative[seg - 1]!;
    const t = span === 0 ? 0 : Math.min(1, Math.max(0, (target - cumulative[seg - 1]!) / span));
    out.push({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
  }
  return out;
}

/** Normalised, resampled strokes as one flat array [x0, y0, x1, y1, …] per stroke. */
export function strokeFeatures(strokes: readonly Stroke[]): Float32Array[] {
  return normaliseStrokes(strokes.filter((s) => s.length > 0)).map((s) => {
    const pts = resampleStroke(s);
    const flat = new Float32Array(pts.length * 2);
    pts.forEach((p, i) => {
      flat[i * 2] = p.x;
      flat[i * 2 + 1] = p.y;
    });
    return flat;
  });
}
