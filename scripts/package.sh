#!/usr/bin/env bash
# Builds the package the Azure Functions host runs (Flex Consumption, runtime `custom`):
# a self-contained linux-x64 ReadyToRun publish of src/Functions, checked and zipped with
# host.json, <function>/function.json and the LlmFacade executable (mode 0755) at the zip root.
#
#   scripts/package.sh [--fast] [--out DIR]
#
#   --out DIR   where to write (default: artifacts): DIR/publish/ (the layout), DIR/build/ (intermediate
#               build output, kept for incremental runs), DIR/facade.zip (the package)
#   --fast      skip ReadyToRun (quicker; for tests, not for deployment)
#
# Deploy the zip as docs/deploy.md describes. Zipping happens here, on Linux, because zips made on
# Windows lose the executable bit and the host then cannot start LlmFacade.
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
executable="LlmFacade"
functions_src="$repo_root/src/Functions/functions"

fail() { echo "package.sh: $*" >&2; exit 1; }

# --- publish ---------------------------------------------------------------------------------------------
rm -rf "$publish_dir" "$zip_file"
echo "package.sh: publishing (ReadyToRun=$ready_to_run) to $publish_dir"
# --artifacts-path keeps this build's intermediates apart from the developer's own bin/ and obj/.
dotnet publish "$repo_root/src/Functions/Functions.csproj" \
  -c Release -r linux-x64 --self-contained \
  -p:PublishReadyToRun="$ready_to_run" \
  --artifacts-path "$out/build" \
  -o "$publish_dir" \
  -nologo -nodeReuse:false -p:UseSharedCompilation=false

# --- check the layout --------------------------------------------------------------------------------------
[[ -f "$publish_dir/host.json" ]] || fail "host.json is missing at the publish root"
[[ -f "$publish_dir/$executable" ]] || fail "$executable is missing at the publish root"
[[ -x "$publish_dir/$executable" ]] || fail "$executable is not executable"

function_names=()
for dir in "$functions_src"/*/; do
  name="$(basename "$dir")"
  [[ -f "$dir/function.json" ]] || continue
  function_names+=("$name")
  cmp -s "$dir/function.json" "$publish_dir/$name/function.json" \
    || fail "$name/function.json is missing or differs from src/Functions/functions/$name/function.json"
done
[[ ${#function_names[@]} -gt 0 ]] || fail "no function folders under src/Functions/functions"
[[ ! -e "$publish_dir/functions" ]] || fail "a functions/ folder was published; function folders belong at the root"
[[ ! -e "$publish_dir/local.settings.json" ]] || fail "local.settings.json must not be deployed"

# --- zip, keeping Unix mode bits ------------------------------------------------------------------------------
if command -v zip >/dev/null 2>&1; then
  (cd "$publish_dir" && zip -q -r -X "$zip_file" .)
elif command -v python3 >/dev/null 2>&1; then
  # zipfile records each file's st_mode in the entry's external attributes, as zip does.
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
else
  fail "neither zip nor python3 is installed (Debian: apt-get install zip)"
fi

# --- check the zip ----------------------------------------------------------------------------------------------
mode_of() { # prints the Unix permission bits of one zip entry, e.g. 755
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import sys, zipfile; print(format((zipfile.ZipFile(sys.argv[1]).getinfo(sys.argv[2]).external_attr >> 16) & 0o777, "o"))' "$zip_file" "$1"
  else
    zipinfo "$zip_file" "$1" | awk '{ p = substr($1, 2); m = 0; for (i = 1; i <= 9; i++) { m = m * 2 + (substr(p, i, 1) != "-") } printf "%o\n", m }'
  fi
}
entries="$(unzip -Z1 "$zip_file" 2>/dev/null || python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$zip_file")"
grep -qx "host.json" <<<"$entries" || fail "host.json is not at the zip root"
for name in "${function_names[@]}"; do
  grep -qx "$name/function.json" <<<"$entries" || fail "$name/function.json is not in the zip"
done
mode="$(mode_of "$executable")"
(( (8#$mode & 8#100) != 0 )) || fail "$executable has mode $mode in the zip: the executable bit was lost"

size="$(wc -c <"$zip_file")"
echo "package.sh: $zip_file ($((size / 1024 / 1024)) MiB, $(wc -l <<<"$entries") entries)"
echo "package.sh: functions: ${function_names[*]}; $executable mode $mode"
