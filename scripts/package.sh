#!/usr/bin/env bash
# Builds the package the Azure Functions host runs for a .NET isolated app (Flex Consumption, runtime
# dotnet-isolated 10.0): a framework-dependent Release publish of src/Functions, checked and zipped with
# host.json, functions.metadata, worker.config.json, LlmFacade.dll and the .azurefunctions/ folder at the zip root.
#
#   scripts/package.sh [--fast] [--out DIR]
#
#   --out DIR   where to write (default: artifacts): DIR/publish/ (the layout), DIR/build/ (intermediate
#               build output, kept for incremental runs), DIR/facade.zip (the package)
#   --fast      skip ReadyToRun (quicker; for tests, not for deployment)
#
# Deploy the zip as docs/deploy.md describes. The zip must hold the hidden .azurefunctions/ folder: it is
# made here from the publish folder as a whole, never from a glob that skips dot folders.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo_root/artifacts"
ready_to_run=true

while [[ $# -gt 0 ]]; do
  case "$1" in
    --fast) ready_to_run=false; shift ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

mkdir -p "$out"
out="$(cd "$out" && pwd)"
publish_dir="$out/publish"
zip_file="$out/facade.zip"
assembly="LlmFacade.dll"

fail() { echo "package.sh: $*" >&2; exit 1; }

# --- publish ---------------------------------------------------------------------------------------------
rm -rf "$publish_dir" "$zip_file"
echo "package.sh: publishing (ReadyToRun=$ready_to_run) to $publish_dir"
# The dotnet-isolated runtime brings .NET 10; ReadyToRun needs a runtime identifier, so it publishes for linux-x64
# without bundling the runtime. --artifacts-path keeps this build's intermediates apart from bin/ and obj/.
dotnet publish "$repo_root/src/Functions/Functions.csproj" \
  -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun="$ready_to_run" \
  --artifacts-path "$out/build" \
  -o "$publish_dir" \
  -nologo -nodeReuse:false -p:UseSharedCompilation=false

# --- check the layout --------------------------------------------------------------------------------------
for file in host.json functions.metadata worker.config.json "$assembly" "${assembly%.dll}.runtimeconfig.json"; do
  [[ -f "$publish_dir/$file" ]] || fail "$file is missing at the publish root"
done
[[ -d "$publish_dir/.azurefunctions" ]] || fail ".azurefunctions/ is missing at the publish root"
cmp -s "$repo_root/host.json" "$publish_dir/host.json" || fail "the published host.json differs from the repository's"
grep -q "\"defaultWorkerPath\": \"$assembly\"" "$publish_dir/worker.config.json" || fail "worker.config.json does not start $assembly"
[[ ! -e "$publish_dir/local.settings.json" ]] || fail "local.settings.json must not be deployed"
functions="$(python3 -c 'import json, sys; print(" ".join(f["name"] for f in json.load(open(sys.argv[1]))))' "$publish_dir/functions.metadata")"
[[ -n "$functions" ]] || fail "functions.metadata lists no function"

# --- zip the whole folder, dot folders included ------------------------------------------------------------------
if command -v zip >/dev/null 2>&1; then
  (cd "$publish_dir" && zip -q -r -X "$zip_file" .)
else
  python3 - "$publish_dir" "$zip_file" <<'PY'
import os, sys, zipfile
root, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, root))
PY
fi

# --- check the zip ----------------------------------------------------------------------------------------------
entries="$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$zip_file")"
for file in host.json functions.metadata worker.config.json "$assembly"; do
  grep -qx "$file" <<<"$entries" || fail "$file is not at the zip root"
done
grep -q '^\.azurefunctions/' <<<"$entries" || fail ".azurefunctions/ is not in the zip"

size="$(wc -c <"$zip_file")"
echo "package.sh: $zip_file ($((size / 1024 / 1024)) MiB, $(wc -l <<<"$entries") entries)"
echo "package.sh: functions: $functions"
