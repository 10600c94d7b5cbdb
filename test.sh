#!/usr/bin/env bash
# Runs the whole test suite on a fresh clone: installs what the tests need into the repository's own
# folders, restores, builds and tests, then runs the reliability harness's CI-sized run (reliability/README.md:
# hostile requests, faults, outages, a short soak; about two minutes). Prints "N passed, N failed" at the end.
# Arguments go to `dotnet test` (e.g. --filter ...), which then runs alone: set RELIABILITY=0 to skip the harness.
set -euo pipefail
cd "$(dirname "$0")"

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; fi
if [ -f infra/tools/package-lock.json ]; then npm ci --prefix infra/tools --no-audit --no-fund --loglevel=error; fi

dotnet restore Functions.sln
dotnet build Functions.sln --no-restore -c Debug -nologo -v quiet

log=$(mktemp)
set +e
dotnet test Functions.sln --no-build -c Debug -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then echo "dotnet test exited with $status" >&2; fi

# The CI-sized reliability run writes its report to a folder of its own, never over the committed RESULTS.md.
if [ "${RELIABILITY:-$([ $# -eq 0 ] && echo 1 || echo 0)}" = 1 ]; then
  report=$(mktemp -d)
  set +e
  reliability/run.sh --ci --output "$report"
  reliability=$?
  set -e
  # Each check of its summary table counts as one test.
  summary=$(sed -n '/^## Summary/,/^## /p' "$report/RESULTS.md" 2>/dev/null || true)
  checks=$(grep -Ec '\| (pass|\*\*FAIL\*\*) \|$' <<<"$summary" || true)
  bad=$(grep -Ec '\| \*\*FAIL\*\* \|$' <<<"$summary" || true)
  passed=$((passed + checks - bad))
  failed=$((failed + bad))
  if [ "$reliability" -eq 0 ]; then rm -rf "$report"; else
    echo "Reliability checks failed: see $report/RESULTS.md" >&2
    [ "$bad" -gt 0 ] || failed=$((failed + 1))
    [ "$status" -ne 0 ] || status=$reliability
  fi
fi

echo "$passed passed, $failed failed"
exit "$status"
