// Benchmark reporting: percentiles, and the goal lines every benchmark ends with.
export function pct(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(2)} ms`;
}

export class Goals {
  readonly #lines: { name: string; met: boolean; value: string }[] = [];

  check(name: string, met: boolean, value: string): void {
    this.#lines.push({ name, met, value });
  }

  /** Prints every goal; returns the exit code (1 when any goal is missed). */
  report(): number {
    console.log('\ngoals:');
    for (const g of this.#lines) console.log(`  ${g.met ? 'MET   ' : 'MISSED'} ${g.name}: ${g.value}`);
    const missed = this.#lines.filter((g) => !g.met).length;
    console.log(missed === 0 ? 'all goals met' : `${missed} goal(s) missed`);
    return missed === 0 ? 0 : 1;
  }
}
