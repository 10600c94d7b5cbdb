#!/usr/bin/env bash
# Regenerates the sample audit report in docs/ from real calls: starts Azurite, the provider emulators and the facade
# (each on a free loopback port, data in a temporary folder), makes calls of two callers to the three providers —
# plain, streamed, flagged by Baidu (unified and pass-through), failed upstream, refused — stops the facade so every
# completion is written, then runs `audit verify` and `audit report`, and takes a screenshot of the report with
# headless Chromium (Debian package `chromium`, installed with apt-get when missing).
#
#   scripts/sample-report.sh [--output-dir DIR]   (default: docs; writes sample-report.html and sample-report.png)
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs
while [[ $# -gt 0 ]]; do
  case "$1" in
    --output-dir) out="${2:?--output-dir needs a folder}"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "sample-report.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"

if ! command -v chromium >/dev/null 2>&1; then
  echo "sample-report.sh: installing chromium (apt-get)…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
[ -x node_modules/.bin/azurite-table ] || npm ci --no-audit --no-fund --loglevel=error
dotnet build Functions.sln -c Debug -v quiet -nologo

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { # name pid url
  for _ in $(seq 1 300); do
    kill -0 "$2" 2>/dev/null || { echo "sample-report.sh: the $1 exited before it answered" >&2; exit 1; }
    curl -s -o /dev/null "$3" && return 0
    sleep 0.1
  done
  echo "sample-report.sh: the $1 did not answer on $3" >&2; exit 1
}

azurite_port=$(free_port); lanrui_port=$(free_port); baidu_port=$(free_port); mindie_port=$(free_port); port=$(free_port)
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$azurite_port" --location "$work/azurite" --skipApiVersionCheck --disableTelemetry --silent &
pids+=($!); wait_for Azurite "$!" "http://127.0.0.1:$azurite_port/devstoreaccount1"
storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$azurite_port/devstoreaccount1;"
(cd tests/Emulators/bin/Debug/net10.0 && exec ./Emulators --lanrui-url "http://127.0.0.1:$lanrui_port" --baidu-url "http://127.0.0.1:$baidu_port" --mindie-url "http://127.0.0.1:$mindie_port") &
pids+=($!); wait_for "Lanrui emulator" "$!" "http://127.0.0.1:$lanrui_port/v1/models"
wait_for "MindIE emulator" "${pids[-1]}" "http://127.0.0.1:$mindie_port/health"

# appsettings.Development.json: the models, the caller local-dev (sk-local-dev) and the local seal key; a second caller here.
claims_key=sk-sample-claims-portal
(cd src/Functions/bin/Debug/net10.0 && exec env ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
  "Providers__Lanrui__BaseUrl=http://127.0.0.1:$lanrui_port/v1" "Providers__Baidu__BaseUrl=http://127.0.0.1:$baidu_port" \
  "Providers__MindIE__BaseUrl=http://127.0.0.1:$mindie_port/v1" "Audit__ConnectionString=$storage" \
  Callers__1__Name=claims-portal "Callers__1__KeySha256=$(printf %s "$claims_key" | sha256sum | cut -d' ' -f1)" \
  ./LlmFacade --urls "http://127.0.0.1:$port") &
facade=$!
pids+=($facade); wait_for facade "$facade" "http://127.0.0.1:$port/health"
from=$(date -u +%FT%T.%3NZ)

call() { # key path stream content
  local body
  if [[ "$2" == /v1/* ]]; then
    body=$(printf '{"model":"%s","stream":%s,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"%s"}]}' "$3" "$4" "$5")
  else
    body=$(printf '{"stream":%s,"messages":[{"role":"user","content":"%s"}]}' "$4" "$5")
  fi
  curl -s -o /dev/null -w '%{http_code} ' "http://127.0.0.1:$port$2" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$body"
}
dev=sk-local-dev
for i in 1 2 3 4; do
  call $dev /v1/chat/completions lanrui-llama false "Summarise ticket $i"
  call $claims_key /v1/chat/completions lanrui-llama true "Draft a reply to claim $i"
  call $claims_key /v1/chat/completions ernie-speed $([[ $i -le 2 ]] && echo true || echo false) "总结理赔单 $i"
  call $dev /v1/chat/completions mindie-qwen $([[ $i -le 2 ]] && echo true || echo false) "Explain error code $i"
done
call $claims_key /v1/chat/completions ernie-speed false "理赔争议 [[emulate: flag=1]]"
call $claims_key /v1/chat/completions ernie-speed true "敏感话题 [[emulate: flag=3]]"
call $dev /v1/chat/completions ernie-speed false "History check [[emulate: need-clear-history=true]]"
call $claims_key /baidu/chat/ernie-speed-128k - true "原生接口 [[emulate: flag=2]]"
call $claims_key /baidu/chat/ernie-speed-128k - false "原生接口 正常"
call $dev /v1/chat/completions lanrui-llama false "Busy upstream [[emulate: error=429]]"
call $dev /v1/chat/completions lanrui-llama true "Cut mid-stream [[emulate: error-after=2]]"
call $claims_key /v1/chat/completions mindie-qwen false "Upstream failure [[emulate: error=500]]"
call sk-not-a-caller /v1/chat/completions lanrui-llama false "Who am I?"
echo
# Stopping the facade writes every completion still under way.
kill -TERM "$facade"; wait "$facade" 2>/dev/null || true
to=$(date -u +%FT%T.%3NZ)

audit=(dotnet src/AuditCli/bin/Debug/net10.0/audit.dll --connection-string "$storage" --settings src/Functions/appsettings.Development.json)
"${audit[@]}" query --from "$from" --to "$to" --limit 50
"${audit[@]}" verify --from "$from" --to "$to" 2>/dev/null
"${audit[@]}" report --from "$from" --to "$to" --output "$out/sample-report.html" 2>/dev/null

chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync \
  --no-first-run --hide-scrollbars --user-data-dir="$work/chromium" --window-size=1360,2250 \
  --screenshot="$out/sample-report.png" "file://$(realpath "$out/sample-report.html")" 2>/dev/null
echo "Wrote $out/sample-report.html and $out/sample-report.png"
