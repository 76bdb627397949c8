#!/usr/bin/env bash
# The one test command (README): system packages, typecheck, lint, unit+integration, end to end.
# Ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
mkdir -p artifacts
rm -f artifacts/vitest-*.json
bash scripts/ensure-system-deps.sh || exit 1
# Every native addon loads and every library it links is installed (installs them as root).
npx tsx scripts/check-native-addons.ts || exit 1

checks_failed=0
run_check() {
  local name=$1; shift
  echo "── $name"
  if "$@"; then echo "── $name: ok"; else echo "── $name: FAILED"; checks_failed=$((checks_failed + 1)); fi
}
run_check typecheck npx tsc -p tsconfig.json --noEmit
run_check lint npx eslint --max-warnings 0 .
run_check format npx prettier --check .
run_check build npm run --silent build
# Electron security lint on the built main bundle and page: 0 HIGH/MEDIUM (docs/electron-shell.md).
run_check electronegativity bash -c 'npm run --silent build:electron && npx tsx scripts/electronegativity.ts'
run_check unit npx vitest run --exclude 'test/reliability/**' --reporter=default --reporter=json --outputFile.json=artifacts/vitest-unit.json
# Fault runs and the weak link load both cores with child processes: they run on their own, so
# that timing-sensitive device tests never share the machine with them.
run_check reliability npx vitest run test/reliability --reporter=default --reporter=json --outputFile.json=artifacts/vitest-reliability.json
run_check e2e npx vitest run --config test/e2e/vitest.config.ts --reporter=default --reporter=json --outputFile.json=artifacts/vitest-e2e.json

npx tsx scripts/summarize-tests.ts artifacts/vitest-unit.json artifacts/vitest-reliability.json artifacts/vitest-e2e.json --checks-failed "$checks_failed"
