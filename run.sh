#!/usr/bin/env bash
# Runs the facade locally against the provider emulators and Azurite (everything on 127.0.0.1).
#
#   ./run.sh [--host kestrel|functions|func] [--port N] [--lanrui-port N] [--baidu-port N] [--mindie-port N] [--azurite-port N]
#            [--no-build] [--check-ports]
#
#   --host kestrel     the facade on plain Kestrel (default; no Azure tooling needed)
#   --host functions   the facade as Azure runs it: the isolated worker behind the repository's Functions test host
#   --host func        the facade under Azure Functions Core Tools (`func start`), when they are installed
#   --no-build         use the binaries already built (skips npm ci and dotnet build)
#   --check-ports      only check that every port is free, then exit (0 when they all are)
#
# Ports default to 7071 (facade), 7101/7102/7103 (Lanrui/Baidu/MindIE emulators) and 10002 (Azurite); each can also
# be set through FACADE_PORT, LANRUI_PORT, BAIDU_PORT, MINDIE_PORT, AZURITE_PORT. Every port is checked at the start
# and again right before the process that needs it starts; a busy port stops run.sh with one line naming every busy
# one. "Facade ready" is printed only once the facade started here answers its health route as the facade; if any
# process started here exits, run.sh names it, stops the others and exits non-zero.
# The caller key is sk-local-dev. Stop with Ctrl+C; everything started here stops with it.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/ports.sh

host=kestrel
port="${FACADE_PORT:-7071}"
lanrui_port="${LANRUI_PORT:-7101}"
baidu_port="${BAIDU_PORT:-7102}"
mindie_port="${MINDIE_PORT:-7103}"
azurite_port="${AZURITE_PORT:-10002}"
build=1
check_only=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --host) host="${2:?--host needs kestrel, functions or func}"; shift 2 ;;
    --port) port="${2:?--port needs a number}"; shift 2 ;;
    --lanrui-port) lanrui_port="${2:?--lanrui-port needs a number}"; shift 2 ;;
    --baidu-port) baidu_port="${2:?--baidu-port needs a number}"; shift 2 ;;
    --mindie-port) mindie_port="${2:?--mindie-port needs a number}"; shift 2 ;;
    --azurite-port) azurite_port="${2:?--azurite-port needs a number}"; shift 2 ;;
    --no-build) build=0; shift ;;
    --check-ports) check_only=1; shift ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument: $1 (see ./run.sh --help)" >&2; exit 2 ;;
  esac
done
case "$host" in kestrel|functions|func) ;; *) echo "run.sh: --host must be kestrel, functions or func" >&2; exit 2 ;; esac

fail() { echo "run.sh: $*" >&2; exit 1; }
facade_ports=("facade:$port")
azurite_ports=("Azurite:$azurite_port")
emulator_ports=("Lanrui emulator:$lanrui_port" "Baidu emulator:$baidu_port" "MindIE emulator:$mindie_port")
check_ports "${facade_ports[@]}" "${emulator_ports[@]}" "${azurite_ports[@]}" || exit 1
(( check_only == 0 )) || exit 0
if [[ "$host" == func ]] && ! command -v func >/dev/null 2>&1; then
  fail "--host func needs Azure Functions Core Tools (func) on PATH; --host functions runs the worker without them"
fi

if (( build == 1 )); then
  [ -x node_modules/.bin/azurite-table ] || npm ci --no-audit --no-fund --loglevel=error
  dotnet build Functions.sln -c Debug -v quiet -nologo
fi
for needed in node_modules/.bin/azurite-table tests/Emulators/bin/Debug/net10.0/Emulators src/Functions/bin/Debug/net10.0/LlmFacade; do
  [ -x "$needed" ] || fail "$needed is missing; run ./run.sh without --no-build"
done

pids=()
declare -A names=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
child() { pids+=("$2"); names[$2]="$1"; } # name pid: remembers a process started here
alive() { kill -0 "$1" 2>/dev/null; }
started() { # name pid url [marker]: waits until url answers (with marker in its body, if given) while the process lives
  local body
  for _ in $(seq 1 600); do
    alive "$2" || fail "the $1 exited before it answered (see its output above)"
    if body="$(curl -s --max-time 2 "$3")"; then
      if [[ -z "${4:-}" || "$body" == *"$4"* ]]; then
        alive "$2" || fail "the $1 exited before it answered (see its output above)"
        return 0
      fi
    fi
    sleep 0.1
  done
  fail "the $1 did not answer on $3 within 60 s"
}

# Azurite keeps the audit tables in .azurite/ (git-ignored).
mkdir -p .azurite
check_ports "${azurite_ports[@]}" || exit 1
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$azurite_port" --location .azurite --skipApiVersionCheck --disableTelemetry --silent &
child Azurite $!
started Azurite "$!" "http://127.0.0.1:$azurite_port/devstoreaccount1"
account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
if [[ "$azurite_port" == 10002 ]]; then
  storage="UseDevelopmentStorage=true"
else
  storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;TableEndpoint=http://127.0.0.1:$azurite_port/devstoreaccount1;"
fi

check_ports "${emulator_ports[@]}" || exit 1
(cd tests/Emulators/bin/Debug/net10.0 && exec ./Emulators --lanrui-url "http://127.0.0.1:$lanrui_port" --baidu-url "http://127.0.0.1:$baidu_port" --mindie-url "http://127.0.0.1:$mindie_port") &
child emulators $!
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
check_ports "${facade_ports[@]}" || exit 1
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
child facade $!
# Only the facade's own health answer names it: anything else that took the port meanwhile does not count.
started facade "$!" "http://127.0.0.1:$port/health" '"service":"llm-facade"'

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
# Runs until Ctrl+C, or until a process started here exits: then it is named and everything else stops.
set +e
wait -n -p exited "${pids[@]}"
code=$?
fail "the ${names[$exited]:-process $exited} exited (exit code $code); stopping everything run.sh started"
