#!/usr/bin/env bash
# Proves the facade's reliability and security from outside, on this machine, and rewrites RESULTS.md:
# a fuzzer of hostile requests over every route, untrusted input read back through the audit tool, the fault matrix (upstream faults, audit store and Key Vault
# down), a disconnect storm, a soak ending in a reconciliation, and a canary-secret search. See README.md.
#   reliability/run.sh                     the full run (10,000 fuzz cases, a 10-minute soak, a 90 s audit outage)
#   reliability/run.sh --ci                a few minutes: 1,500 cases, 30 s soak, 12 s outage
#   reliability/run.sh --soak-seconds N    (also --seed N, --fuzz-cases N, --outage-seconds N, --storm-calls N,
#                                           --soak-concurrency N, --only fuzz,untrusted,faults,storm,soak)
#   reliability/run.sh --no-build          skip npm ci and the Release builds (they must have run before)
# Exit code: 0 when every check passes, 1 when any fails (RESULTS.md is written either way).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

build=1 args=()
for arg in "$@"; do
  if [ "$arg" = --no-build ]; then build=0; else args+=("$arg"); fi
done

if [ "$build" = 1 ]; then
  [ -x node_modules/.bin/azurite-table ] || npm ci --no-audit --no-fund --loglevel=error
  echo "Building the facade, the audit tool, the emulators and the runner (Release)..."
  dotnet build src/Functions/Functions.csproj -c Release -nologo -v quiet
  dotnet build src/AuditCli/AuditCli.csproj -c Release -nologo -v quiet
  dotnet build tests/Emulators/Emulators.csproj -c Release -nologo -v quiet
  dotnet build reliability/Runner/Runner.csproj -c Release -nologo -v quiet
fi
ulimit -n "$(ulimit -Hn)"
exec reliability/Runner/bin/Release/net10.0/ReliabilityRunner --repo "$repo" "${args[@]}"
