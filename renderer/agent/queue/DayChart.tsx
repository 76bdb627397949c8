import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { zhCN } from '../../i18n/zh-CN';

/** Applications per hour of the day as bars, drawn by uPlot (no hand-made canvas code). */
export function DayChart({ perHour }: { perHour: readonly number[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const hours = perHour.map((_, h) => h);
    const chart = new uPlot(
      {
        title: zhCN.dayClose.chartTitle,
        width: Math.max(320, el.clientWidth || 640),
        height: 220,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [-0.5, 23.5] }, y: { range: (_u, _min, max) => [0, Math.max(4, max + 1)] } },
        axes: [
          { values: (_u, ticks) => ticks.map((v) => `${v}时`) },
          { values: (_u, ticks) => ticks.map((v) => (Number.isInteger(v) ? String(v) : '')) },
        ],
        series: [
          {},
          {
            label: zhCN.dayClose.chartTitle,
            stroke: '#6b3fa0',
            fill: 'rgba(107, 63, 160, 0.45)',
            paths: uPlot.paths.bars?.({ size: [0.7, 40] }),
            points: { show: false },
          },
        ],
      },
      [hours, [...perHour]],
      el,
    );
    return () => chart.destroy();
  }, [perHour]);
  return <div class="day-chart" ref={box} data-testid="day-chart" role="img" aria-label={zhCN.dayClose.chartTitle} />;
}
