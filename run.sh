#!/usr/bin/env bash
# Runs the facade locally against the provider emulators and Azurite (everything on 127.0.0.1).
#
#   ./run.sh [--host kestrel|functions|func] [--port N] [--lanrui-port N] [--baidu-port N] [--mindie-port N] [--azurite-port N]
#
#   --host kestrel     the facade on plain Kestrel (default; no Azure tooling needed)
#   --host functions   the facade as Azure runs it: the isolated worker behind the repository's Functions test host
#   --host func        the facade under Azure Functions Core Tools (`func start`), when they are installed
#
# Ports default to 7071 (facade), 7101/7102/7103 (Lanrui/Baidu/MindIE emulators) and 10002 (Azurite); each can also
# be set through FACADE_PORT, LANRUI_PORT, BAIDU_PORT, MINDIE_PORT, AZURITE_PORT. A busy port stops run.sh at once.
# The caller key is sk-local-dev. Stop with Ctrl+C; everything started here stops with it.
set -euo pipefail
cd "$(dirname "$0")"

host=kestrel
port="${FACADE_PORT:-7071}"
lanrui_port="${LANRUI_PORT:-7101}"
baidu_port="${BAIDU_PORT:-7102}"
mindie_port="${MINDIE_PORT:-7103}"
azurite_port="${AZURITE_PORT:-10002}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --host) host="${2:?--host needs kestrel, functions or func}"; shift 2 ;;
    --port) port="${2:?--port needs a number}"; shift 2 ;;
    --lanrui-port) lanrui_port="${2:?}"; shift 2 ;;
    --baidu-port) baidu_port="${2:?}"; shift 2 ;;
    --mindie-port) mindie_port="${2:?}"; shift 2 ;;
    --azurite-port) azurite_port="${2:?}"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument: $1 (see ./run.sh --help)" >&2; exit 2 ;;
  esac
done
case "$host" in kestrel|functions|func) ;; *) echo "run.sh: --host must be kestrel, functions or func" >&2; exit 2 ;; esac

fail() { echo "run.sh: $*" >&2; exit 1; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for named in "facade:$port" "Lanrui emulator:$lanrui_port" "Baidu emulator:$baidu_port" "MindIE emulator:$mindie_port" "Azurite:$azurite_port"; do
  name="${named%:*}"; number="${named##*:}"
  [[ "$number" =~ ^[0-9]+$ ]] && (( number > 0 && number < 65536 )) || fail "the $name port '$number' is not a TCP port"
  ! port_busy "$number" || fail "port $number (the $name) is already in use on 127.0.0.1; free it or choose another with --help's options"
done
if [[ "$host" == func ]] && ! command -v func >/dev/null 2>&1; then
  fail "--host func needs Azure Functions Core Tools (func) on PATH; --host functions runs the worker without them"
fi

[ -x node_modules/.bin/azurite-table ] || npm ci --no-audit --no-fund --loglevel=error
dotnet build Functions.sln -c Debug -v quiet -nologo

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
started() { # name pid url: waits until url answers, fails if the process died first
  for _ in $(seq 1 300); do
    kill -0 "$2" 2>/dev/null || fail "the $1 exited before it answered (see its output above)"
    curl -s -o /dev/null "$3" && return 0
    sleep 0.1
  done
  fail "the $1 did not answer on $3 within 30 s"
}

# Azurite keeps the audit tables in .azurite/ (git-ignored).
mkdir -p .azurite
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$azurite_port" --location .azurite --skipApiVersionCheck --disableTelemetry --silent &
pids+=($!)
started Azurite "$!" "http://127.0.0.1:$azurite_port/devstoreaccount1"
account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
if [[ "$azurite_port" == 10002 ]]; then
  storage="UseDevelopmentStorage=true"
else
  storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;TableEndpoint=http://127.0.0.1:$azurite_port/devstoreaccount1;"
fi

(cd tests/Emulators/bin/Debug/net10.0 && exec ./Emulators --lanrui-url "http://127.0.0.1:$lanrui_port" --baidu-url "http://127.0.0.1:$baidu_port" --mindie-url "http://127.0.0.1:$mindie_port") &
pids+=($!)
started "Lanrui emulator" "$!" "http://127.0.0.1:$lanrui_port/v1/models"
started "Baidu emulator" "$!" "http://127.0.0.1:$baidu_port/oauth/2.0/token"
started "MindIE emulator" "$!" "http://127.0.0.1:$mindie_port/health"

# The facade's settings (appsettings.Development.json holds the models and the local caller key), with the ports above.
settings=(
  "Providers__Lanrui__BaseUrl=http://127.0.0.1:$lanrui_port/v1"
  "Providers__Baidu__BaseUrl=http://127.0.0.1:$baidu_port"
  "Providers__MindIE__BaseUrl=http://127.0.0.1:$mindie_port/v1"
  "Audit__ConnectionString=$storage"
  "Telemetry__Prometheus__Enabled=true"
)
worker=src/Functions/bin/Debug/net10.0/LlmFacade.dll
case "$host" in
  kestrel)
    (cd src/Functions/bin/Debug/net10.0 && exec env ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" "${settings[@]}" \
      ./LlmFacade --urls "http://127.0.0.1:$port") &
    ;;
  functions)
    host_settings=(--setting DOTNET_ENVIRONMENT=Development)
    for setting in "${settings[@]}"; do host_settings+=(--setting "$setting"); done
    dotnet tests/FunctionsTestHost/bin/Debug/net10.0/FunctionsTestHost.dll --worker "$worker" --port "$port" "${host_settings[@]}" &
    ;;
  func)
    [[ -f src/Functions/local.settings.json ]] || cp src/Functions/local.settings.example.json src/Functions/local.settings.json
    (cd src/Functions && exec env "${settings[@]}" AZURE_FUNCTIONS_ENVIRONMENT=Development func start --port "$port") &
    ;;
esac
pids+=($!)
started facade "$!" "http://127.0.0.1:$port/health"
audit="dotnet src/AuditCli/bin/Debug/net10.0/audit.dll"
# The same settings file as the README's examples; the connection string only when Azurite is not on its default port.
audit_store="--settings src/Functions/appsettings.Development.json"
[[ "$storage" == "UseDevelopmentStorage=true" ]] || audit_store+=" --connection-string '$storage'"
cat <<TXT

Facade ready on http://127.0.0.1:$port ($host host; caller key: sk-local-dev). Try:
  curl -s http://127.0.0.1:$port/v1/chat/completions -H 'Authorization: Bearer sk-local-dev' \\
    -H 'Content-Type: application/json' -d '{"model":"lanrui-llama","messages":[{"role":"user","content":"Hello"}]}'
  curl -s http://127.0.0.1:$port/v1/chat/completions -H 'Authorization: Bearer sk-local-dev' \\
    -H 'Content-Type: application/json' -d '{"model":"ernie-speed","messages":[{"role":"user","content":"你好"}]}'
  curl -sN http://127.0.0.1:$port/baidu/chat/ernie-speed-128k -H 'Authorization: Bearer sk-local-dev' \\
    -H 'Content-Type: application/json' -d '{"messages":[{"role":"user","content":"你好"}],"stream":true}'
Metrics (Prometheus text, caller key needed): curl -s http://127.0.0.1:$port/metrics -H 'Authorization: Bearer sk-local-dev'
Audit records (Azurite on port $azurite_port; each command names the store it reads on stderr):
  $audit query --from $(date -u +%F) $audit_store
  $audit verify --from $(date -u +%F) $audit_store
TXT
wait
