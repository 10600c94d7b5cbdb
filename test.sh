#!/usr/bin/env bash
# Runs the whole test suite on a fresh clone: installs what the tests need into the repository's own
# folders, restores, builds and tests. Prints "N passed, N failed" at the end.
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
echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then echo "dotnet test exited with $status" >&2; fi
exit "$status"
