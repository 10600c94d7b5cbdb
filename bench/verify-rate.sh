#!/usr/bin/env bash
# Measures `audit verify` on a realistic day: starts Azurite (in memory, on a free loopback port), writes one UTC day of
# N records through the facade's own audit store (begin + completion, sealed and chained; ~2 KB prompt, ~1 KB answer),
# then times `audit verify` over that day and prints its summary line (records/s).
#
#   bench/verify-rate.sh [--records N]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
records=100000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --records) records="${2:?--records needs a number}"; shift 2 ;;
    *) echo "verify-rate.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

[ -x node_modules/.bin/azurite-table ] || npm ci --no-audit --no-fund --loglevel=error
dotnet build bench/VerifyRate -c Release -v quiet -nologo
dotnet build src/AuditCli -c Release -v quiet -nologo

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$port" --inMemoryPersistence --skipApiVersionCheck --disableTelemetry --silent &
azurite=$!
trap 'kill $azurite 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

key="local-development-audit-seal-key-not-a-secret-0001"
cs="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
day=2025-03-01
dotnet bench/VerifyRate/bin/Release/net10.0/BenchVerifyRate.dll --connection-string "$cs" --table VerifyRate --day "$day" --records "$records" --seal-key "$key"
echo "load average before verify: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
env "Secrets__Values__audit-seal-key=$key" dotnet src/AuditCli/bin/Release/net10.0/audit.dll verify --from "$day" --to "$day" \
  --connection-string "$cs" --table-name VerifyRate 2>/dev/null | tail -1
end=$(date +%s.%N)
echo "wall clock of the whole command: $(python3 -c "print(f'{$end-$start:.1f}')") s; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
