// Reads vitest JSON reports and prints the closing line "N passed, N failed" (CI reads it).
import { existsSync, readFileSync } from 'node:fs';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const args = process.argv.slice(2);
const flag = args.indexOf('--checks-failed');
const checksFailed = flag >= 0 ? Number(args[flag + 1]) : 0;
const files = args.filter((a, i) => !a.startsWith('--') && (flag < 0 || i !== flag + 1));

let passed = 0;
let failed = checksFailed;
let skipped = 0;
for (const file of files) {
  if (!existsSync(file)) {
    console.log(`no report at ${file}: counted as one failure`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8')) as VitestJson;
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
if (skipped > 0) {
  console.log(`${skipped} skipped tests: skipped tests are not allowed, counted as failures`);
  failed += skipped;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
