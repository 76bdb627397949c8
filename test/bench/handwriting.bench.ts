// Handwriting benchmark (npm run bench -- handwriting): time to recognise one written character
// with the shipped templates (3,500 level-1 characters + the sample cards' rare ones), p95 over a
// seeded sample of jittered writings, goal ≤ 50 ms. Beside it, in the same run and on the same
// writings, the brute-force matcher (every template, full alignment, full sort) as the baseline.
import { performance } from 'node:perf_hooks';
import { alignmentCost, createMatcher } from '../../renderer/handwriting/matcher';
import { strokeFeatures, type Stroke } from '../../renderer/handwriting/strokes';
import { decodeTemplates, type CharTemplate } from '../../renderer/handwriting/template-codec';
import { templateText } from '../../renderer/handwriting/templates.data';
import { levelOneCharacters, strokesOf } from '../../scripts/handwriting/template-source';
import { seededRandom, synthesiseStrokes } from '../renderer/handwriting/synth';

const P95_LIMIT_MS = 50;
const RATIO_GOAL = 0.5;
const SAMPLE = 400;

function bruteForce(templates: readonly CharTemplate[], strokes: readonly Stroke[], limit: number): string[] {
  const input = strokeFeatures(strokes);
  const scratch = new Float64Array(64 * 64);
  return templates
    .map((t) => ({ char: t.char, cost: alignmentCost(input, t.strokes, scratch) }))
    .sort((a, b) => a.cost - b.cost)
    .slice(0, limit)
    .map((c) => c.char);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const t0 = performance.now();
const templates = decodeTemplates(templateText);
const matcher = createMatcher(templates);
console.log(`load: ${templates.length} templates decoded in ${(performance.now() - t0).toFixed(1)} ms`);

const random = seededRandom(42);
const chars = levelOneCharacters();
const writings = Array.from({ length: SAMPLE }, () => {
  const char = chars[Math.floor(random() * chars.length)]!;
  return { char, strokes: synthesiseStrokes(strokesOf(char), random) };
});
for (const w of writings.slice(0, 30)) matcher.match(w.strokes, 5); // warm-up (JIT)

const fast: number[] = [];
const slow: number[] = [];
let fastHits = 0;
let slowHits = 0;
// Interleaved, so a burst of load on this shared machine hits both matchers alike.
for (const w of writings) {
  let start = performance.now();
  if (matcher.match(w.strokes, 5).some((c) => c.char === w.char)) fastHits += 1;
  fast.push(performance.now() - start);
  start = performance.now();
  if (bruteForce(templates, w.strokes, 5).includes(w.char)) slowHits += 1;
  slow.push(performance.now() - start);
}

const p95 = percentile(fast, 0.95);
const baseP95 = percentile(slow, 0.95);
console.log(`writings: ${SAMPLE}; top-5 hits: matcher ${fastHits}, brute force ${slowHits}`);
console.log(
  `matcher:     p50 ${percentile(fast, 0.5).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (limit ${P95_LIMIT_MS} ms)`,
);
console.log(`brute force: p50 ${percentile(slow, 0.5).toFixed(2)} ms, p95 ${baseP95.toFixed(2)} ms (baseline)`);
console.log(`ratio matcher/brute force p95: ${(p95 / baseP95).toFixed(3)} (goal ≤ ${RATIO_GOAL})`);
const met = p95 <= P95_LIMIT_MS && p95 / baseP95 <= RATIO_GOAL && fastHits >= slowHits * 0.99;
console.log(met ? 'handwriting goals met' : 'handwriting goal missed');
process.exit(met ? 0 : 1);
