/**
 * How npm test judges an electronegativity run (scripts/electronegativity.ts): any HIGH or
 * MEDIUM finding fails, and so does any file the scanner could not parse (a bundle it cannot
 * read is a bundle it did not check). The only exception is a finding electronegativity itself
 * marks "review required" that we reviewed and list below with the reason; a listed review that
 * no longer matches a finding fails too, so the list cannot go stale.
 */
export interface ScanIssue {
  id: string;
  severity: string;
  confidence: string;
  manualReview: boolean;
  /** Relative to the scanned folder, forward slashes. */
  file: string;
  line: number;
  sample?: string;
}

export interface ScanError {
  file: string;
  message: string;
  tolerable: boolean;
}

export interface Review {
  id: string;
  file: string;
  reason: string;
}

export const reviewedFindings: readonly Review[] = [
  {
    id: 'PRELOAD_JS_CHECK',
    file: 'main/electron/main.js',
    reason:
      'The one preload (main/electron/preload.ts) runs sandboxed with context isolation and exposes only the typed KioskApi ' +
      'through contextBridge: invoke/subscribe on fixed channels, no ipcRenderer, no Node; ipc-gateway checks the sender frame.',
  },
];

const FAILING = new Set(['HIGH', 'MEDIUM']);

export interface Verdict {
  ok: boolean;
  /** One line per problem, for the test log. */
  problems: string[];
  counts: Record<string, number>;
}

export function judgeScan(
  issues: readonly ScanIssue[],
  errors: readonly ScanError[],
  filesScanned: number,
  reviews: readonly Review[] = reviewedFindings,
): Verdict {
  const problems: string[] = [];
  const counts: Record<string, number> = {};
  if (filesScanned === 0) problems.push('no files were scanned');
  for (const error of errors) {
    if (!error.tolerable) problems.push(`could not parse ${error.file}: ${error.message}`);
  }
  const used = new Set<Review>();
  for (const issue of issues) {
    counts[issue.severity] = (counts[issue.severity] ?? 0) + 1;
    if (!FAILING.has(issue.severity)) continue;
    const review = issue.manualReview ? reviews.find((r) => r.id === issue.id && r.file === issue.file) : undefined;
    if (review) {
      used.add(review);
      continue;
    }
    problems.push(
      `${issue.severity} ${issue.id} at ${issue.file}:${issue.line}${issue.sample ? ` (${issue.sample.trim().slice(0, 120)})` : ''}`,
    );
  }
  for (const review of reviews) {
    if (!used.has(review))
      problems.push(
        `stale review: ${review.id} in ${review.file} matches no finding; remove it from scripts/electronegativity-judge.ts`,
      );
  }
  return { ok: problems.length === 0, problems, counts };
}
