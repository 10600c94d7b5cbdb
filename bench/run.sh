#!/usr/bin/env bash
# Benchmarks the facade against the Portkey gateway, nginx and a direct call, side by side in one run,
# everything on 127.0.0.1, and writes results/RESULTS.md with its plots. See README.md in this folder.
# Beside the plain facade it runs the same facade with telemetry exporting (facade-otel) and as an isolated worker
# behind the repository's Functions test host (facade-worker).
#   bench/run.sh                  the full run (about 25 minutes on 2 cores)
#   bench/run.sh --quick          a smoke run of about 5 minutes: same steps, short loads, small numbers
#   bench/run.sh --audit on|off   audit on (Azurite) versus off; default: on when the facade supports it
#   bench/run.sh --no-install     skip apt-get/npm/dotnet steps (they must have run before)
set -euo pipefail
cd "$(dirname "$0")"
bench=$(pwd)
repo=$(cd .. && pwd)

mode=full audit=auto install=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    --audit) audit="$2"; shift ;;
    --no-install) install=0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

# ---- What each load does, by mode -------------------------------------------------------------
if [ "$mode" = full ]; then
  rates="500 1000 2000"; rate_seconds=20; warmup=3; warm_seconds=15; audit_warm_seconds=15
  hey_seconds=10; wrk_seconds=15; wrk_connections=64; capacity_seconds=10
  stream_seconds=15; stream_concurrency=16; stream_events=50; stream_bytes=64; stream_interval=10
  levels="1000,5000,10000"; cold_runs=7; settle=3
else
  rates="500 1000 2000"; rate_seconds=3; warmup=1; warm_seconds=3; audit_warm_seconds=3
  hey_seconds=2; wrk_seconds=3; wrk_connections=64; capacity_seconds=3
  stream_seconds=3; stream_concurrency=8; stream_events=20; stream_bytes=64; stream_interval=10
  levels="200,500,1000"; cold_runs=2; settle=1
fi

# Loopback ports for the run.
up_port=18101 facade_port=18102 portkey_port=18103 nginx_port=18104 audit_port=18105 cold_port=18106
worker_port=18107 otel_port=18108
azurite_blob=18110 azurite_queue=18111 azurite_table=18112
caller_key=sk-bench-caller
caller_sha=$(printf %s "$caller_key" | sha256sum | cut -d' ' -f1)

work="$bench/.artifacts"
results="$bench/results"
raw="$results/raw"
logs="$work/logs"
mkdir -p "$work" "$logs"

# ---- Install ----------------------------------------------------------------------------------
if [ "$install" = 1 ]; then
  missing=()
  for tool in wrk hey nginx gnuplot jq curl pgrep; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ]; then
    pkgs=()
    for tool in "${missing[@]}"; do
      case "$tool" in nginx) pkgs+=(nginx-light) ;; gnuplot) pkgs+=(gnuplot-nox) ;; pgrep) pkgs+=(procps) ;; *) pkgs+=("$tool") ;; esac
    done
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
  fi
  npm ci --no-audit --no-fund --loglevel=error
  echo "Building the facade (Release), the upstream and the load generator..."
  dotnet build "$repo/src/Functions/Functions.csproj" -c Release -nologo -v quiet
  dotnet build "$repo/tests/FunctionsTestHost/FunctionsTestHost.csproj" -c Release -nologo -v quiet
  dotnet build Upstream/Upstream.csproj -c Release -nologo -v quiet
  dotnet build LoadGen/LoadGen.csproj -c Release -nologo -v quiet
  echo "Publishing the facade self-contained with ReadyToRun (for the cold start)..."
  dotnet publish "$repo/src/Functions/Functions.csproj" -c Release -r linux-x64 --self-contained \
    -p:PublishReadyToRun=true -o "$work/facade-r2r" -nologo -v quiet
fi

facade_bin="$repo/src/Functions/bin/Release/net10.0/LlmFacade"
worker_dll="$repo/src/Functions/bin/Release/net10.0/LlmFacade.dll"
testhost_dll="$repo/tests/FunctionsTestHost/bin/Release/net10.0/FunctionsTestHost.dll"
upstream_bin="$bench/Upstream/bin/Release/net10.0/BenchUpstream"
loadgen="$bench/LoadGen/bin/Release/net10.0/BenchLoadGen"
portkey_js="$bench/node_modules/@portkey-ai/gateway/build/start-server.js"
for f in "$facade_bin" "$worker_dll" "$testhost_dll" "$upstream_bin" "$loadgen" "$portkey_js" "$work/facade-r2r/LlmFacade"; do
  [ -e "$f" ] || { echo "missing $f: run without --no-install first" >&2; exit 1; }
done

# 10,000 open streams need 20,000+ descriptors in a proxy (client side plus upstream side).
ulimit -n "$(ulimit -Hn)"
nofile=$(ulimit -n)
max_streams=$(( (nofile - 1000) / 2 / 100 * 100 ))
capped_levels=$(tr ',' '\n' <<<"$levels" | while read -r l; do [ "$l" -gt "$max_streams" ] && echo "$max_streams" || echo "$l"; done | paste -sd,)

# ---- Processes: start, wait, stop -------------------------------------------------------------
pids=()
# The Functions test host stops (and stops its worker) on SIGINT, as after Ctrl+C; SIGTERM does not end it. A
# background job of a script starts with SIGINT ignored, so the test host is started with it reset (start_worker).
signal_for() { [ "$1" = "${worker_host_pid:-}" ] && echo INT || echo TERM; }
alive() { # pid: still running (an exited child stays a zombie until waited for)
  local state; state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
  [ "${state%% *}" != Z ]
}
reap() { # pid: wait up to 15 s for a signalled process to exit, kill it (and the test host's worker) if it has not
  for _ in $(seq 1 150); do alive "$1" || break; sleep 0.1; done
  if alive "$1"; then
    echo "process $1 did not stop within 15 s of its signal; killing it" >&2
    kill -KILL "$1" 2>/dev/null || true
    if [ "$1" = "${worker_host_pid:-}" ] && [ -n "${worker_pid:-}" ]; then kill -KILL "$worker_pid" 2>/dev/null || true; fi
  fi
  wait "$1" 2>/dev/null || true
}
cleanup() {
  for pid in "${pids[@]}"; do kill -s "$(signal_for "$pid")" "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do reap "$pid"; done
}
trap cleanup EXIT INT TERM

stop() { # pid: stop one process this script started, and forget it
  kill -s "$(signal_for "$1")" "$1" 2>/dev/null || true
  reap "$1"
  local kept=()
  for p in "${pids[@]}"; do [ "$p" = "$1" ] || kept+=("$p"); done
  pids=("${kept[@]}")
}

wait_http() { # url
  for _ in $(seq 1 300); do curl -s -o /dev/null --max-time 1 "$1" && return 0; sleep 0.1; done
  echo "Timed out waiting for $1" >&2; return 1
}

for port in $up_port $facade_port $portkey_port $nginx_port $audit_port $cold_port $worker_port $otel_port; do
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then echo "port $port is taken" >&2; exit 1; fi
done

# The key's name has a hyphen, which no shell variable may have: it goes through env(1).
with_key=(env "Secrets__Values__lanrui-api-key=sk-bench-upstream")
facade_env() { # port: the facade's configuration for this run, as environment variables
  export ASPNETCORE_URLS="http://127.0.0.1:$1" ASPNETCORE_ENVIRONMENT=Production DOTNET_NOLOGO=1
  export Models__0__Name=bench Models__0__Provider=lanrui Models__0__Target=bench-model
  export Providers__Lanrui__BaseUrl="http://127.0.0.1:$up_port/v1"
  export Callers__0__Name=bench Callers__0__KeySha256="$caller_sha"
  export Logging__LogLevel__Default=Warning
}

# The same configuration as app settings of the Functions test host, which hands them to the worker as environment
# variables (as the Functions host does). The worker reads DOTNET_ENVIRONMENT, not ASPNETCORE_ENVIRONMENT.
worker_cmd() { # port: the test host serving the Release-built facade as its isolated worker, one argument per line
  printf '%s\n' dotnet "$testhost_dll" --worker "$worker_dll" --port "$1"
  local setting
  for setting in DOTNET_ENVIRONMENT=Production Models__0__Name=bench Models__0__Provider=lanrui Models__0__Target=bench-model \
    "Providers__Lanrui__BaseUrl=http://127.0.0.1:$up_port/v1" Callers__0__Name=bench "Callers__0__KeySha256=$caller_sha" \
    Logging__LogLevel__Default=Warning Secrets__Values__lanrui-api-key=sk-bench-upstream; do
    printf '%s\n' --setting "$setting"
  done
}

# Telemetry on: the OpenTelemetry SDK is wired only when an exporter is configured. The OTLP exporter's default
# protocol is gRPC; the upstream's sink takes OTLP/HTTP protobuf (/v1/traces, /v1/metrics, /v1/logs). Metrics every
# second and span batches every 500 ms (defaults: 60 s and 5 s), so exports happen during every load.
otel_env() {
  export OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$up_port" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
  export OTEL_METRIC_EXPORT_INTERVAL=1000 OTEL_BSP_SCHEDULE_DELAY=500
}

start_upstream() {
  "$upstream_bin" --urls "http://127.0.0.1:$up_port" >"$logs/upstream.log" 2>&1 &
  pids+=($!); up_pid=$!
  wait_http "http://127.0.0.1:$up_port/health"
}

start_facade() {
  (facade_env "$facade_port"; exec "${with_key[@]}" "$facade_bin") >"$logs/facade.log" 2>&1 &
  pids+=($!); facade_pid=$!
  wait_http "http://127.0.0.1:$facade_port/health"
}

start_otel() {
  (facade_env "$otel_port"; otel_env; exec "${with_key[@]}" "$facade_bin") >"$logs/facade-otel.log" 2>&1 &
  pids+=($!); otel_pid=$!
  wait_http "http://127.0.0.1:$otel_port/health"
}

start_worker() { # the test host's pid is the target's (its tree holds the worker); the worker is its one child
  mapfile -t cmd < <(worker_cmd "$worker_port")
  env --default-signal=INT DOTNET_NOLOGO=1 "${cmd[@]}" >"$logs/facade-worker.log" 2>&1 &
  pids+=($!); worker_host_pid=$!
  wait_http "http://127.0.0.1:$worker_port/health"
  worker_pid=$(pgrep -P "$worker_host_pid" | head -1)
  [ -n "$worker_pid" ] || { echo "the Functions test host ($worker_host_pid) has no worker process" >&2; exit 1; }
}

otlp_counts() { # moment: the OTLP sink's counters into raw/otlp-<moment>.json
  curl -s --max-time 5 "http://127.0.0.1:$up_port/otlp/counts" >"$raw/otlp-$1.json" || true
}

portkey_cmd() { # port
  echo env NODE_ENV=production node --require ./portkey-loopback.cjs "$portkey_js" "--port=$1" --headless
}

start_portkey() {
  $(portkey_cmd "$portkey_port") >"$logs/portkey.log" 2>&1 &
  pids+=($!); portkey_pid=$!
  wait_http "http://127.0.0.1:$portkey_port/"
}

nginx_conf() { # port prefix: a proxy with buffering off and a keep-alive upstream pool
  mkdir -p "$2"
  sed -e "s/@PORT@/$1/" -e "s/@UPSTREAM@/$up_port/" nginx.conf.template >"$2/nginx.conf"
}

start_nginx() {
  nginx_conf "$nginx_port" "$work/nginx"
  nginx -p "$work/nginx" -c nginx.conf -e "$work/nginx/error.log" -g 'daemon off;' >"$logs/nginx.log" 2>&1 &
  pids+=($!); nginx_pid=$!
  wait_http "http://127.0.0.1:$nginx_port/health"
}

# ---- Targets: URL, model and headers per system under test -------------------------------------
url_of() {
  case "$1" in
    direct) echo "http://127.0.0.1:$up_port/v1/chat/completions" ;;
    nginx) echo "http://127.0.0.1:$nginx_port/v1/chat/completions" ;;
    portkey) echo "http://127.0.0.1:$portkey_port/v1/chat/completions" ;;
    facade) echo "http://127.0.0.1:$facade_port/v1/chat/completions" ;;
    facade-audit) echo "http://127.0.0.1:$audit_port/v1/chat/completions" ;;
    facade-otel) echo "http://127.0.0.1:$otel_port/v1/chat/completions" ;;
    facade-worker) echo "http://127.0.0.1:$worker_port/v1/chat/completions" ;;
  esac
}
model_of() { case "$1" in facade*) echo bench ;; *) echo bench-model ;; esac; }
headers_of() { # one header per line
  case "$1" in
    facade*) echo "Authorization: Bearer $caller_key" ;;
    portkey) printf '%s\n' "x-portkey-provider: openai" "x-portkey-custom-host: http://127.0.0.1:$up_port/v1" "Authorization: Bearer sk-bench-upstream" ;;
    *) echo "Authorization: Bearer sk-bench-upstream" ;;
  esac
}
pid_of() {
  case "$1" in
    nginx) echo "$nginx_pid" ;; portkey) echo "$portkey_pid" ;; facade) echo "$facade_pid" ;; facade-audit) echo "$audit_pid" ;;
    facade-otel) echo "$otel_pid" ;; facade-worker) echo "$worker_host_pid" ;; *) echo "$up_pid" ;;
  esac
}
cpu_args() { # target: --pid (its process tree: the total) and, for the worker path, each process on its own
  printf '%s\n' --pid "$(pid_of "$1")"
  [ "$1" = facade-worker ] && printf '%s\n' --part "worker=$worker_pid" --part "host=$worker_host_pid"
  return 0
}
target_args() { # target: --name --url --model --header.. --pid --part.. for the load generator
  local args=(--name "$1" --url "$(url_of "$1")" --model "$(model_of "$1")")
  while IFS= read -r h; do args+=(--header "$h"); done < <(headers_of "$1")
  while IFS= read -r a; do args+=("$a"); done < <(cpu_args "$1")
  printf '%s\n' "${args[@]}"
}
lg() { # subcommand target extra..: the load generator against one target
  local sub=$1 target=$2; shift 2
  mapfile -t targs < <(target_args "$target")
  "$loadgen" "$sub" "${targs[@]}" "$@"
}
body_of() { printf '{"model":"%s","messages":[{"role":"user","content":"Hello"}]}' "$(model_of "$1")"; }
audit_health() { # moment: the audited facade's store counters (/health) and Azurite's CPU seconds into raw/audit-health-<moment>.json
  if [ -n "${audit_pid:-}" ]; then
    local cpu; cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$azurite_pid/stat")
    curl -s --max-time 5 "http://127.0.0.1:$audit_port/health" | jq --argjson cpu "$cpu" '. + {azuriteCpuSeconds: $cpu}' >"$raw/audit-health-$1.json" || true
  fi
}

# The audited facade and its store. Azurite keeps its tables in memory and slows down as they fill (it finds an entity
# by a scan of its partition, and its heap grows): in a full run that kept one Azurite for every load, after some
# 50,000 audited calls an operation cost it 0.91 ms of CPU instead of the 0.18 ms of a fresh one. The service's cost per entity does not depend on how many rows
# a table holds, so every audited load starts against a fresh Azurite and a freshly started, warmed facade.
start_azurite() {
  mkdir -p "$work/azurite"
  "$repo/node_modules/.bin/azurite" --silent --inMemoryPersistence --skipApiVersionCheck --disableTelemetry \
    --blobHost 127.0.0.1 --blobPort $azurite_blob --queueHost 127.0.0.1 --queuePort $azurite_queue \
    --tableHost 127.0.0.1 --tablePort $azurite_table >>"$logs/azurite.log" 2>&1 &
  pids+=($!); azurite_pid=$!
  wait_http "http://127.0.0.1:$azurite_table/"
}
start_audit() { # records sealed, as in production (audit-seal-key: a bench-only key)
  (facade_env "$audit_port"; export Audit__ConnectionString="$conn"
   exec "${with_key[@]}" "Secrets__Values__audit-seal-key=bench-seal-key-0123456789abcdef0123456789abcdef" "$facade_bin") >>"$logs/facade-audit.log" 2>&1 &
  pids+=($!); audit_pid=$!
  wait_http "http://127.0.0.1:$audit_port/health"
}
fresh_audit() { # before an audited load: a fresh Azurite and audited facade, warmed at 200 RPS
  [ -n "${audit_pid:-}" ] || return 0
  stop "$audit_pid"; stop "$azurite_pid"
  start_azurite; start_audit
  lg rate facade-audit --rate 200 --seconds "$audit_warm_seconds" --warmup 0 --out "$work/warm-audit.json" >/dev/null
}

# ---- Run ---------------------------------------------------------------------------------------
rm -rf "$raw"; mkdir -p "$raw"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "mode: $mode"
  echo "load_average_start: $load_start"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "kernel: $(uname -r)"
  echo "dotnet_sdk: $(dotnet --version)"
  echo "aspnetcore: $(dotnet --list-runtimes | awk '/AspNetCore/ {print $2}' | tail -1)"
  echo "node: $(node --version)"
  echo "portkey: $(jq -r .version node_modules/@portkey-ai/gateway/package.json)"
  echo "nginx: $(nginx -v 2>&1 | sed 's/.*nginx\///')"
  echo "wrk: $(dpkg-query -W -f='${Version}' wrk)"
  echo "hey: $(dpkg-query -W -f='${Version}' hey)"
  echo "gnuplot: $(dpkg-query -W -f='${Version}' gnuplot-nox 2>/dev/null || gnuplot --version)"
  echo "open_files_limit: $nofile"
  echo "levels_asked: $levels"
  echo "levels_run: $capped_levels"
  echo "functions_worker: $(grep -oP 'Include="Microsoft.Azure.Functions.Worker" Version="\K[^"]+' "$repo/Directory.Packages.props")"
  echo "testhost_gc: $(jq -r 'if .runtimeOptions.configProperties["System.GC.Server"] then "server" else "workstation" end' "${testhost_dll%.dll}.runtimeconfig.json")"
  echo "worker_gc: $(jq -r 'if .runtimeOptions.configProperties["System.GC.Server"] then "server" else "workstation" end' "${worker_dll%.dll}.runtimeconfig.json")"
  echo "otel_export: OTLP http/protobuf to the upstream's sink, metrics every 1000 ms, span batches every 500 ms"
} >"$raw/meta.txt"
free -h >"$raw/free.txt"

start_upstream
start_nginx
start_portkey
start_facade
start_otel
targets=(direct nginx portkey facade facade-otel)

# The audit (Azurite from the repository's own npm install): on when asked, or by default when Azurite is installed.
audit_supported=0
if [ ! -x "$repo/node_modules/.bin/azurite" ] && [ -f "$repo/package-lock.json" ] && [ "$install" = 1 ]; then
  (cd "$repo" && npm ci --no-audit --no-fund --loglevel=error)
fi
[ -x "$repo/node_modules/.bin/azurite" ] && audit_supported=1
if [ "$audit" = on ] || { [ "$audit" = auto ] && [ "$audit_supported" = 1 ]; }; then
  if [ "$audit_supported" = 1 ]; then
    # Azurite's well-known development account (public, documented by Microsoft).
    dev_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
    conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$dev_key;BlobEndpoint=http://127.0.0.1:$azurite_blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$azurite_queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$azurite_table/devstoreaccount1;"
    : >"$logs/azurite.log"; : >"$logs/facade-audit.log"
    start_azurite
    start_audit
    targets+=(facade-audit)
    echo "audit: on (Azurite)" >>"$raw/meta.txt"
  else
    echo "audit: pending: asked for, but Azurite is not installed (run npm ci)" >>"$raw/meta.txt"
  fi
else
  if [ "$audit_supported" = 1 ]; then echo "audit: off (--audit off)" >>"$raw/meta.txt"
  else echo "audit: pending: Azurite is not installed (run npm ci)" >>"$raw/meta.txt"; fi
fi

start_worker
targets+=(facade-worker)
# Loads for the plain comparison (hey: earlier runs) leave out the two variants of the facade; streams leave out the
# telemetry variant (its question is CPU per request).
hey_targets=(); stream_targets=()
for t in "${targets[@]}"; do
  case "$t" in facade-otel|facade-worker) ;; *) hey_targets+=("$t") ;; esac
  [ "$t" = facade-otel ] || stream_targets+=("$t")
done

echo "Checking every target answers a chat completion and a stream..."
for t in "${targets[@]}"; do
  mapfile -t hs < <(headers_of "$t"); hargs=(); for h in "${hs[@]}"; do hargs+=(-H "$h"); done
  code=$(curl -s -o "$logs/check-$t.json" -w '%{http_code}' "$(url_of "$t")" "${hargs[@]}" -H 'Content-Type: application/json' -d "$(body_of "$t")")
  [ "$code" = 200 ] || { echo "$t answered $code: $(cat "$logs/check-$t.json")" >&2; exit 1; }
  curl -sN --max-time 10 "$(url_of "$t")" "${hargs[@]}" -H 'Content-Type: application/json' -o "$logs/check-$t.sse" \
    -d "{\"model\":\"$(model_of "$t")\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello [[bench events=3 interval=1]]\"}]}"
  grep -q '^data: \[DONE\]' "$logs/check-$t.sse" || { echo "$t did not stream: $(head -c 300 "$logs/check-$t.sse")" >&2; exit 1; }
done

# Tiered JIT (with dynamic PGO) recompiles hot methods in the background for a while after the first
# requests: warm every target on both paths first, so no measured load pays for that.
echo "Warming every target: ${warm_seconds}s of requests at 200 RPS and of streams..."
for t in "${targets[@]}"; do
  lg rate "$t" --rate 200 --seconds "$warm_seconds" --warmup 0 --out "$work/warm-rate-$t.json"
  [ "$t" = facade-otel ] || lg stream "$t" --concurrency 8 --seconds "$warm_seconds" --warmup 0 --events 20 --bytes 64 --interval 1 --out "$work/warm-stream-$t.json"
done

echo "Open loop, fixed rate: $rates RPS, ${rate_seconds}s each..."
for rate in $rates; do
  for t in "${targets[@]}"; do
    [ "$t" = facade-audit ] && fresh_audit
    [ "$t" = facade-audit ] && [ "$rate" = 2000 ] && audit_health rate2000-before
    [ "$t" = facade-otel ] && otlp_counts "rate$rate-before"
    lg rate "$t" --rate "$rate" --seconds "$rate_seconds" --warmup "$warmup" --out "$raw/rate-$rate-$t.json"
    [ "$t" = facade-audit ] && [ "$rate" = 2000 ] && audit_health rate2000-after
    # The last span batch and metric export of the load land within 1.5 s.
    [ "$t" = facade-otel ] && sleep 1.5 && otlp_counts "rate$rate-after"
  done
done

echo "hey at 1,000 RPS (50 workers x 20 QPS each: hey's -q is per worker), for comparison with earlier runs..."
for t in "${hey_targets[@]}"; do
  [ "$t" = facade-audit ] && fresh_audit
  mapfile -t hs < <(headers_of "$t"); hargs=(); for h in "${hs[@]}"; do hargs+=(-H "$h"); done
  "$loadgen" measure --name "$t" --tool hey --pid "$(pid_of "$t")" --out "$raw/hey-$t.json" -- \
    hey -n $((1000 * hey_seconds)) -c 50 -q 20 -m POST -T application/json -disable-compression \
    "${hargs[@]}" -d "$(body_of "$t")" "$(url_of "$t")"
done

if [ -n "${audit_pid:-}" ]; then
  echo "The audit store's own capacity: entities/s in transactions of 100 (8 in flight), ${capacity_seconds}s..."
  fresh_audit
  "$loadgen" store-capacity --connection-string "$conn" --seconds "$capacity_seconds" --batch 100 --in-flight 8 --out "$raw/store-capacity.json"
fi

echo "Closed loop, maximum throughput: wrk, $wrk_connections connections, ${wrk_seconds}s each..."
for t in "${targets[@]}"; do
  [ "$t" = facade-audit ] && fresh_audit
  [ "$t" = facade-audit ] && audit_health wrk-before
  [ "$t" = facade-otel ] && otlp_counts wrk-before
  mapfile -t cpu < <(cpu_args "$t")
  BENCH_BODY="$(body_of "$t")" BENCH_HEADERS="$(headers_of "$t")" \
    "$loadgen" measure --name "$t" --tool wrk "${cpu[@]}" --out "$raw/wrk-$t.json" -- \
    wrk -t2 -c"$wrk_connections" -d"${wrk_seconds}s" --latency -s wrk-post.lua "$(url_of "$t")"
  [ "$t" = facade-audit ] && audit_health wrk-after
  [ "$t" = facade-otel ] && sleep 1.5 && otlp_counts wrk-after
done

echo "Streams: $stream_concurrency at once, $stream_events events of $stream_bytes bytes every ${stream_interval} ms..."
for t in "${stream_targets[@]}"; do
  [ "$t" = facade-audit ] && fresh_audit
  lg stream "$t" --concurrency "$stream_concurrency" --seconds "$stream_seconds" --warmup "$warmup" \
    --events "$stream_events" --bytes "$stream_bytes" --interval "$stream_interval" --out "$raw/stream-$t.json"
done

# The two variants are done: stop them, so the cold starts and the memory loads run with less beside them.
otlp_counts end
stop "$otel_pid"
stop "$worker_host_pid"

echo "Cold start: process start to the first 200, $cold_runs runs each..."
cold() { # name command..: the started process listens on the cold-start port
  local name=$1 base=${1%%-*}; shift
  local args=(--name "$name" --url "http://127.0.0.1:$cold_port/v1/chat/completions" --model "$(model_of "$base")")
  while IFS= read -r h; do args+=(--header "$h"); done < <(headers_of "$base")
  "$loadgen" cold-start "${args[@]}" --runs "$cold_runs" --warm-url "http://127.0.0.1:$up_port/health" \
    --out "$raw/cold-$name.json" -- "$@"
}
(facade_env "$cold_port"; cold facade-r2r "${with_key[@]}" "$work/facade-r2r/LlmFacade")
(facade_env "$cold_port"; cold facade-jit "${with_key[@]}" "$facade_bin")
# The worker path: the test host's process start to the first 200 through it (it starts the worker, completes the
# handshake, then opens its front); the run kills both processes.
mapfile -t worker_cold < <(worker_cmd "$cold_port")
cold facade-worker "${worker_cold[@]}"
# shellcheck disable=SC2046
cold portkey $(portkey_cmd "$cold_port")
nginx_conf "$cold_port" "$work/nginx-cold"
cold nginx nginx -p "$work/nginx-cold" -c nginx.conf -e "$work/nginx-cold/error.log" -g 'daemon off;'

echo "Open streams and memory: levels $capped_levels (open-files limit $nofile), each proxy fresh..."
for t in nginx portkey facade; do
  case "$t" in
    nginx) stop "$nginx_pid"; start_nginx ;;
    portkey) stop "$portkey_pid"; start_portkey ;;
    facade) stop "$facade_pid"; start_facade ;;
  esac
  lg open-streams "$t" --levels "$capped_levels" --settle "$settle" --out "$raw/memory-$t.json"
  case "$t" in nginx) stop "$nginx_pid" ;; portkey) stop "$portkey_pid" ;; facade) stop "$facade_pid" ;; esac
done

echo "load_average_end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$raw/meta.txt"
cleanup; pids=()

echo "Writing results/RESULTS.md and the plots..."
"$loadgen" report --results "$results"
# Series with no data (the audited facade before the audit lands) are skipped; gnuplot's warning about them is not news.
for plot in latency memory; do gnuplot -e "dir='$results'" "plot-$plot.gp" 2>&1 | { grep -v 'no valid points' || true; } >&2; done
if grep -rqF "$repo" "$results"; then echo "warning: results mention the checkout's path" >&2; fi
echo "Done: $results/RESULTS.md"
