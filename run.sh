#!/usr/bin/env bash
# Runs the facade locally against the provider emulators (everything on 127.0.0.1).
#   ./run.sh            facade on http://127.0.0.1:7071, caller key: sk-local-dev
# Stop with Ctrl+C; the emulators stop with it.
set -euo pipefail
cd "$(dirname "$0")"

[ -x node_modules/.bin/azurite-table ] || npm ci --no-audit --no-fund --loglevel=error
dotnet build Functions.sln -c Debug -v quiet -nologo
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

wait_for() { # url
  for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "Timed out waiting for $1" >&2; return 1
}

# Azurite keeps the audit tables in .azurite/ (git-ignored) on the default development port.
mkdir -p .azurite
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort 10002 --location .azurite --skipApiVersionCheck --disableTelemetry --silent &
pids+=($!)
wait_for http://127.0.0.1:10002/devstoreaccount1

(cd tests/Emulators/bin/Debug/net10.0 && exec ./Emulators --lanrui-url http://127.0.0.1:7101 --baidu-url http://127.0.0.1:7102 --mindie-url http://127.0.0.1:7103) &
pids+=($!)
wait_for http://127.0.0.1:7101/v1/models
wait_for http://127.0.0.1:7102/oauth/2.0/token
wait_for http://127.0.0.1:7103/health

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
(cd src/Functions/bin/Debug/net10.0 && exec ./LlmFacade) &
pids+=($!)
wait_for http://127.0.0.1:7071/health
cat <<'TXT'

Facade ready on http://127.0.0.1:7071 (caller key: sk-local-dev). Try:
  curl -s http://127.0.0.1:7071/v1/chat/completions -H 'Authorization: Bearer sk-local-dev' \
    -H 'Content-Type: application/json' -d '{"model":"lanrui-llama","messages":[{"role":"user","content":"Hello"}]}'
  curl -s http://127.0.0.1:7071/v1/chat/completions -H 'Authorization: Bearer sk-local-dev' \
    -H 'Content-Type: application/json' -d '{"model":"ernie-speed","messages":[{"role":"user","content":"你好"}]}'
  curl -sN http://127.0.0.1:7071/baidu/chat/ernie-speed-128k -H 'Authorization: Bearer sk-local-dev' \
    -H 'Content-Type: application/json' -d '{"messages":[{"role":"user","content":"你好"}],"stream":true}'
Audit records (Azurite):  dotnet run --project src/AuditCli -- query --from $(date -u +%F) --connection-string UseDevelopmentStorage=true
TXT
wait
