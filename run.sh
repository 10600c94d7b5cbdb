#!/usr/bin/env bash
# Runs the facade locally against the provider emulators (everything on 127.0.0.1).
#   ./run.sh            facade on http://127.0.0.1:7071, caller key: sk-local-dev
# Stop with Ctrl+C; the emulators stop with it.
set -euo pipefail
cd "$(dirname "$0")"

dotnet build Functions.sln -c Debug -v quiet -nologo
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

wait_for() { # url
  for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "Timed out waiting for $1" >&2; return 1
}

dotnet run --no-build --project tests/Emulators -- --lanrui-url http://127.0.0.1:7101 --baidu-url http://127.0.0.1:7102 &
pids+=($!)
wait_for http://127.0.0.1:7101/v1/models
wait_for http://127.0.0.1:7102/oauth/2.0/token

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
dotnet run --no-build --no-launch-profile --project src/Functions &
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
TXT
wait
