import type { Point, Stroke } from '../../../renderer/handwriting/strokes';

/** Small seeded generator (mulberry32): the same seed gives the same "handwriting" every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export interface Jitter {
  /** Largest rotation either way, degrees. */
  readonly rotationDeg: number;
  /** Scale factor range, e.g. 0.6–1.4, drawn separately for x and y up to `aspect`. */
  readonly scale: readonly [number, number];
  readonly aspect: number;
  /** Standard deviation of the pen wobble per point, in units of the 1024 box. */
  readonly noise: number;
  /** Standard deviation of each stroke's own shift, in units of the 1024 box. */
  readonly strokeShift: number;
}

export const DEFAULT_JITTER: Jitter = { rotationDeg: 12, scale: [0.5, 1.5], aspect: 0.2, noise: 20, strokeShift: 30 };

/**
 * What a hand on the pad might produce from a character's medians: the polyline densified to a
 * point every few units (like pointer events), each stroke shifted a little, every point wobbled,
 * then the whole rotated, scaled (unevenly) and moved.
 */
export function synthesiseStrokes(
  medians: readonly Stroke[],
  random: () => number,
  jitter: Jitter = DEFAULT_JITTER,
): Stroke[] {
  const angle = ((random() * 2 - 1) * jitter.rotationDeg * Math.PI) / 180;
  const base = jitter.scale[0] + random() * (jitter.scale[1] - jitter.scale[0]);
  const sx = base * (1 + (random() * 2 - 1) * jitter.aspect);
  const sy = base * (1 + (random() * 2 - 1) * jitter.aspect);
  const dx = random() * 300;
  const dy = random() * 300;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return medians.map((stroke) => {
    const shiftX = gaussian(random) * jitter.strokeShift;
    const shiftY = gaussian(random) * jitter.strokeShift;
    const dense: Point[] = [];
    for (let i = 0; i < stroke.length; i++) {
      const a = stroke[i]!;
      const b = stroke[i + 1];
      const steps = b ? Math.max(1, Math.round(Math.hypot(b.x - a.x, b.y - a.y) / 16)) : 1;
      for (let k = 0; k < steps; k++) {
        const t = b ? k / steps : 0;
        dense.push({ x: a.x + ((b?.x ?? a.x) - a.x) * t, y: a.y + ((b?.y ?? a.y) - a.y) * t });
      }
    }
    return dense.map((p) => {
      const x = p.x + shiftX + gaussian(random) * jitter.noise;
      const y = p.y + shiftY + gaussian(random) * jitter.noise;
      return { x: (x * cos - y * sin) * sx + dx, y: (x * sin + y * cos) * sy + dy };
    });
  });
}
