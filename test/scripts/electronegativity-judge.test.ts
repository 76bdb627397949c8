import { describe, expect, it } from 'vitest';
import { judgeScan, reviewedFindings, type ScanIssue } from '../../scripts/electronegativity-judge';

const issue = (over: Partial<ScanIssue>): ScanIssue => ({
  id: 'X',
  severity: 'LOW',
  confidence: 'FIRM',
  manualReview: false,
  file: 'main/electron/main.js',
  line: 1,
  ...over,
});
const preloadReview = issue({ id: 'PRELOAD_JS_CHECK', severity: 'MEDIUM', manualReview: true });

describe('judgeScan', () => {
  it('passes LOW and INFORMATIONAL findings and the reviewed preload', () => {
    const verdict = judgeScan([issue({ severity: 'LOW' }), issue({ severity: 'INFORMATIONAL' }), preloadReview], [], 3);
    expect(verdict).toEqual({ ok: true, problems: [], counts: { LOW: 1, INFORMATIONAL: 1, MEDIUM: 1 } });
  });

  it('fails on any HIGH or MEDIUM that is not a reviewed manual-review finding', () => {
    expect(
      judgeScan([preloadReview, issue({ id: 'CONTEXT_ISOLATION_JS_CHECK', severity: 'HIGH', line: 7 })], [], 3)
        .problems,
    ).toEqual(['HIGH CONTEXT_ISOLATION_JS_CHECK at main/electron/main.js:7']);
    expect(
      judgeScan([preloadReview, issue({ id: 'CSP_GLOBAL_CHECK', severity: 'MEDIUM', file: 'N/A' })], [], 3).ok,
    ).toBe(false);
    // A review covers only findings the scanner itself marks for review, in the reviewed file.
    expect(judgeScan([{ ...preloadReview, manualReview: false }], [], 3).ok).toBe(false);
    expect(judgeScan([preloadReview, { ...preloadReview, file: 'other.js' }], [], 3).ok).toBe(false);
  });

  it('fails when a file could not be parsed or nothing was scanned', () => {
    expect(
      judgeScan(
        [preloadReview],
        [{ file: 'main/electron/main.js', message: 'Unknown node type ClassPrivateProperty.', tolerable: false }],
        3,
      ).problems,
    ).toEqual(['could not parse main/electron/main.js: Unknown node type ClassPrivateProperty.']);
    expect(judgeScan([preloadReview], [{ file: 'a.js', message: 'warning', tolerable: true }], 3).ok).toBe(true);
    expect(judgeScan([preloadReview], [], 0).problems).toEqual(['no files were scanned']);
  });

  it('fails on a review that no longer matches anything', () => {
    expect(judgeScan([], [], 3).problems).toEqual([expect.stringMatching(/^stale review: PRELOAD_JS_CHECK/)]);
    expect(reviewedFindings.every((r) => r.reason.length > 40)).toBe(true);
  });
});
