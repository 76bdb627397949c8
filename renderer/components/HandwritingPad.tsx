import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { loadMatcher } from '../handwriting/recognizer';
import type { Point, Stroke } from '../handwriting/strokes';
import { zhCN } from '../i18n/zh-CN';

/** Pad coordinates: a 1000×1000 box whatever size the pad is shown at. */
const BOX = 1000;
/** Large buttons for the closest characters; more would push the keys off a portrait screen. */
const CANDIDATES = 6;

type Phase = 'idle' | 'loading' | 'ready' | 'failed';

function pointOf(e: PointerEvent, pad: Element): Point {
  const r = pad.getBoundingClientRect();
  return { x: ((e.clientX - r.left) / r.width) * BOX, y: ((e.clientY - r.top) / r.height) * BOX };
}

function pathOf(stroke: Stroke): string {
  return stroke.map((p) => `${p.x.toFixed(0)},${p.y.toFixed(0)}`).join(' ');
}

/**
 * A writing pad: one character at a time, written with a finger (or mouse); after each stroke
 * the closest characters appear as large buttons, and picking one hands it to `onPick` and clears
 * the pad. Recognition loads on the first stroke (renderer/handwriting/recognizer.ts).
 */
export function HandwritingPad(props: { onPick: (ch: string) => void; testid: string }) {
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  // The stroke being drawn lives in a ref (pointer moves come faster than renders); the state copy only draws it.
  const drawing = useRef<Point[] | null>(null);
  const [current, setCurrent] = useState<Point[] | null>(null);
  const [candidates, setCandidates] = useState<string[]>([]);
  const [phase, setPhase] = useState<Phase>('idle');
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const recognise = (all: Stroke[]): void => {
    if (all.length === 0) {
      setCandidates([]);
      return;
    }
    if (phase !== 'ready') setPhase('loading');
    loadMatcher().then(
      (matcher) => {
        if (!alive.current) return;
        setPhase('ready');
        setCandidates(matcher.match(all, CANDIDATES).map((c) => c.char));
      },
      () => {
        if (alive.current) setPhase('failed');
      },
    );
  };

  const down = (e: JSX.TargetedPointerEvent<SVGSVGElement>): void => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = [pointOf(e, e.currentTarget)];
    setCurrent(drawing.current);
  };
  const move = (e: JSX.TargetedPointerEvent<SVGSVGElement>): void => {
    if (!drawing.current) return;
    drawing.current = [...drawing.current, pointOf(e, e.currentTarget)];
    setCurrent(drawing.current);
  };
  const up = (): void => {
    const stroke = drawing.current;
    if (!stroke) return;
    drawing.current = null;
    const all = [...strokes, stroke];
    setStrokes(all);
    setCurrent(null);
    recognise(all);
  };
  const replace = (next: Stroke[]): void => {
    setStrokes(next);
    drawing.current = null;
    setCurrent(null);
    recognise(next);
  };
  const pick = (ch: string): void => {
    props.onPick(ch);
    replace([]);
  };

  const t = zhCN.handwriting;
  const status =
    phase === 'failed'
      ? t.failed
      : phase === 'loading'
        ? t.loading
        : strokes.length > 0 && candidates.length === 0 && phase === 'ready'
          ? t.noMatch
          : strokes.length > 0
            ? t.candidates
            : t.hint;
  return (
    <div class="hw-wrap">
      <div class="hw-row">
        <svg
          class="hw-pad"
          role="img"
          aria-label={t.pad}
          data-testid={`${props.testid}-pad`}
          data-strokes={strokes.length}
          viewBox={`0 0 ${BOX} ${BOX}`}
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          onPointerCancel={up}
        >
          <path class="hw-guide" d={`M${BOX / 2} 0V${BOX}M0 ${BOX / 2}H${BOX}`} />
          {[...strokes, ...(current ? [current] : [])].map((s, i) => (
            <polyline class="hw-ink" key={i} points={pathOf(s)} />
          ))}
        </svg>
        <div class="hw-side">
          <button
            type="button"
            class="key key-action"
            data-testid={`${props.testid}-undo`}
            disabled={strokes.length === 0}
            onClick={() => replace(strokes.slice(0, -1))}
          >
            {t.undo}
          </button>
          <button
            type="button"
            class="key key-action"
            data-testid={`${props.testid}-rewrite`}
            disabled={strokes.length === 0}
            onClick={() => replace([])}
          >
            {t.rewrite}
          </button>
        </div>
      </div>
      <p class="help" role="status" aria-live="polite" data-testid={`${props.testid}-status`} data-phase={phase}>
        {status}
      </p>
      <div class="hw-candidates" data-testid={`${props.testid}-candidates`}>
        {candidates.map((ch) => (
          <button
            type="button"
            class="key hw-candidate"
            key={ch}
            data-testid={`${props.testid}-cand-${ch}`}
            onClick={() => pick(ch)}
          >
            {ch}
          </button>
        ))}
      </div>
    </div>
  );
}
